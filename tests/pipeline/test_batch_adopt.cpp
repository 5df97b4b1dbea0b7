// Which of a server's batches is the one a lost answer kept us from recording (pipeline/batch_adopt).
// A wrong pick would leave the videos waiting on someone else's batch until it ends.
#include <catch2/catch.hpp>

#include "pipeline/batch_state.hpp"

using ytm::model::ListedBatch;
using ytm::pipeline::batch_tag;
using ytm::pipeline::pick_adopted;

namespace {

ytm::store::BatchRecord local_batch(ytm::UnixTime created_at) {
  ytm::store::BatchRecord b;
  b.id = 7;
  b.server.api = "anthropic";
  b.created_at = created_at;
  return b;
}

}  // namespace

TEST_CASE("a tagged batch is ours only by its tag, and another ytmonitor's tag or count never matches") {
  const auto local = local_batch(1000);
  const std::string tag = batch_tag("ytm-41", 1000);
  CHECK(tag == "ytm-41@1000");
  const std::vector<ListedBatch> listed{{"batch_theirs", 1001, 2, "ytm-41@990"},
                                        {"batch_ours", 1030, 2, "ytm-41@1000"}};
  CHECK(pick_adopted(local, tag, 2, listed) == std::optional<std::string>("batch_ours"));
  // Tagged by someone else, created in the same second with as many requests: not ours.
  CHECK_FALSE(pick_adopted(local, tag, 2, {{"batch_theirs", 1000, 2, "ytm-41@990"}}));
}

TEST_CASE("an untagged batch (Anthropic) is ours when it holds as many requests and was created nearest, within "
          "ten minutes") {
  const auto local = local_batch(10'000);
  const std::string tag = batch_tag("ytm-1", 10'000);
  const std::vector<ListedBatch> listed{{"msgbatch_far", 10'400, 3, ""},
                                        {"msgbatch_near", 10'004, 3, ""},
                                        {"msgbatch_other_count", 10'001, 4, ""},
                                        {"msgbatch_too_late", 10'700, 3, ""}};
  CHECK(pick_adopted(local, tag, 3, listed) == std::optional<std::string>("msgbatch_near"));
  CHECK(pick_adopted(local, tag, 3, {{"msgbatch_far", 10'400, 3, ""}}) == std::optional<std::string>("msgbatch_far"));
  // Eleven minutes off, or another size: the server has none of ours, so the requests go again.
  CHECK_FALSE(pick_adopted(local, tag, 3, {{"msgbatch_too_late", 10'660, 3, ""}}));
  CHECK_FALSE(pick_adopted(local, tag, 3, {{"msgbatch_other_count", 10'001, 4, ""}}));
  CHECK_FALSE(pick_adopted(local, tag, 3, {}));
}
