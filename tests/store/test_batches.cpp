// migrations/011_batches.sql: each batch request is in the store, with its model call and custom id,
// before it is sent; its end prices the call at the discount; spend shows list and paid prices.
#include <catch2/catch.hpp>

#include <set>

#include "store/store.hpp"
#include "support/temp_dir.hpp"

using namespace ytm::store;
using ytm::test::TempDir;

namespace {

NewBatchRequest request(const std::string& video, const std::string& step, double estimate) {
  NewBatchRequest r;
  r.video_id = video;
  r.step = step;
  r.request_hash = "hash-" + step;
  r.call = ModelCall{video, step, "claude-sonnet-4-5", false, "pending", 1000, 1000, estimate / 2, 0, 0};
  r.call.list_cost_usd = estimate;
  return r;
}

ModelCall answered(double paid, double list) {
  ModelCall c{"", "", "claude-sonnet-4-5", true, "", 1000, 900, paid, 0, 0};
  c.list_cost_usd = list;
  return c;
}

}  // namespace

TEST_CASE("a batch's requests and their pending calls are stored with custom ids before it is sent") {
  TempDir dir;
  auto [id, rows] = [&] {
    Store store(dir / "ytmonitor.db");
    return store.create_batch({"anthropic"}, {request("v1", "translate/0", 0.018), request("v1", "translate/1", 0.018)},
                              "host:1:2", 100);
  }();
  Store store(dir / "ytmonitor.db");  // as a restart finds it
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].custom_id == "ytm-1");
  CHECK(rows[1].custom_id == "ytm-2");
  const auto unfinished = store.unfinished_batches();
  REQUIRE(unfinished.size() == 1);
  CHECK(unfinished[0].state == BatchState::sending);
  CHECK(store.model_calls_by_state().at("pending") == 2);
  // A dead owner's pending calls are abandoned at start, but not those in a batch: the batch ends them.
  CHECK(store.abandon_orphan_model_calls() == 0);
  store.batch_sent(id, "msgbatch_01", "");
  CHECK(store.batch(id)->state == BatchState::open);
  CHECK(store.batch(id)->server_id == "msgbatch_01");
  // Adoption after a lost answer skips the server's batches some row already has.
  CHECK(store.known_server_batches({"msgbatch_00", "msgbatch_01", "msgbatch_02"}) == std::set<std::string>{"msgbatch_01"});
  CHECK_FALSE(unfinished[0].server.recorded());  // stored with only its api, as rows before migration 013
  const auto found = store.batch_request_for("v1", "translate/1", "hash-translate/1");
  REQUIRE(found);
  CHECK(found->custom_id == "ytm-2");
  CHECK(found->state == BatchRequestState::waiting);
}

TEST_CASE("an ended batch finishes its calls at the discounted price and spend shows both prices") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  store.ensure_channel("UC1", "Channel One", "UC1", 10);
  NewVideo video{"v1", "UC1", "A talk", "", 50};
  store.insert_video(video, 90);
  auto [id, rows] = store.create_batch({"anthropic"}, {request("v1", "translate/0", 0.03), request("v1", "summary", 0.03)},
                                       "host:1:2", 100);
  store.batch_sent(id, "msgbatch_01", "");
  ModelCall failed{"", "", "claude-sonnet-4-5", false, "overloaded", 0, 0, 0, 0, 0};
  store.end_batch(id, BatchState::ended,
                  {{rows[0].custom_id, BatchRequestState::answered, R"({"text":"译文"})", answered(0.0075, 0.015)},
                   {rows[1].custom_id, BatchRequestState::failed, R"({"code":"overloaded"})", failed}},
                  200);
  CHECK(store.unfinished_batches().empty());
  CHECK(store.batch_request_for("v1", "summary", "hash-summary")->state == BatchRequestState::failed);
  const auto spend = store.spend_since(0);
  CHECK(spend.calls == 2);
  CHECK(spend.failed_calls == 1);
  CHECK(spend.batched_calls == 2);
  CHECK(spend.cost_usd == Approx(0.0075));
  CHECK(spend.list_cost_usd == Approx(0.015));
  const auto channels = store.spend_by_channel(0);
  REQUIRE(channels.size() == 1);
  CHECK(channels[0].channel_id == "UC1");
  CHECK(channels[0].title == "Channel One");
  CHECK(channels[0].spend.cost_usd == Approx(0.0075));
}
