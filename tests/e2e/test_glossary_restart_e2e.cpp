// The video's own glossary across a real kill -9: the daemon translates a talk in three parts against
// a stand-in model that writes a recurring name its own way in each part unless a glossary says how
// (vary_names) and says in its notes how it wrote it (propose_terms); the stand-in stops answering
// after two parts (hang_after), the test kills the daemon while it waits, and a second daemon ends the video.
#include <catch2/catch.hpp>

#include <csignal>

#include "e2e_fixture.hpp"
#include "store/store.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::test::EndToEnd;
using ytm::test::eventually;
using ytm::test::occurrences;

namespace {

const std::string glossary_block =
    "<video_glossary>\nEarlier parts of this video wrote these names and terms so; write each the same way "
    "wherever it occurs:\n- Jensen Huang → Jensen·Huang\n</video_glossary>\n";

// The parts' answers the store kept ("translate/N/answer"): a restart reads them instead of asking.
int answers_kept(const EndToEnd& e, const std::string& id) {
  int n = 0;
  for (const auto& step : ytm::store::Store(e.database()).steps(id)) {
    n += step.name.starts_with("translate/") && step.name.ends_with("/answer") ? 1 : 0;
  }
  return n;
}

// How often the stand-in was asked for part N of 3 of the talk.
int asked_for_part(const std::vector<json>& calls, int part) {
  int n = 0;
  for (const auto& call : calls) {
    n += call["prompt_head"].get<std::string>().find("part " + std::to_string(part) + " of 3") != std::string::npos;
  }
  return n;
}

}  // namespace

TEST_CASE("kill -9 after a talk's first parts were answered: the restart asks only the rest, with part 1's glossary") {
  EndToEnd e;
  auto talks = e.add_channel("@talks", "An old video");
  // Chunks of 1,200 tokens: the 13-minute talk (about 3,500) comes in three, summarised from their notes.
  e.dir.write("subscriptions.yaml",
              "profiles:\n  short_chunks:\n    model: {max_chunk_tokens: 1200}\nchannels:\n"
              "  - {id: " +
                  talks + ", profile: short_chunks}\n");
  e.model_faults(json{{"vary_names", "Jensen Huang"}, {"propose_terms", true}, {"hang_after", 2}});
  {
    auto first = e.start_daemon("first.log");
    REQUIRE(first->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
    REQUIRE(eventually([&] { return ytm::store::Store(e.database()).channel(talks).has_value(); }, 15s));
    e.publish(talks, "guest000001", "Gears with Jensen");
    // Part 1 and one other part answered and kept; the third part's call waits on the stand-in.
    const bool stalled = eventually(
        [&] { return e.model_stats()["faults"].value("hang", 0) == 1 && answers_kept(e, "guest000001") == 2; }, 60s);
    INFO(first->log());
    REQUIRE(stalled);
    first->signal(SIGKILL);
    first->wait(5s);
  }
  const auto before = e.model_calls_for("guest000001");
  REQUIRE(before.size() == 3);
  CHECK(asked_for_part(before, 1) == 1);
  const int cut_off = asked_for_part({before[2]}, 2) == 1 ? 2 : 3;  // the call that got no answer

  e.model_faults(json{{"hang_after", -1}});
  auto second = e.start_daemon("second.log");
  const bool finished = eventually([&] { return e.video_done("guest000001"); }, 60s);
  INFO(second->log());
  REQUIRE(finished);

  // The restart asked the part that was cut off and the summary, nothing answered before the kill.
  const auto calls = e.model_calls_for("guest000001");
  REQUIRE(calls.size() == 5);
  const json stats = e.model_stats();
  CHECK(stats["calls"]["translate_notes"] == 4);
  CHECK(stats["answered"]["translate_notes"] == 3);
  CHECK(stats["calls"]["summary"] == 1);
  CHECK(asked_for_part(calls, 1) == 1);
  CHECK(asked_for_part(calls, 5 - cut_off) == 1);
  CHECK(asked_for_part(calls, cut_off) == 2);
  // Every request after part 1's, before the kill and after it, carried the name as part 1 wrote it.
  for (const auto& call : calls) {
    const bool part_one = call["prompt_head"].get<std::string>().find("part 1 of 3") != std::string::npos;
    CHECK((call["prompt_end"].get<std::string>().find(glossary_block) != std::string::npos) == !part_one);
  }

  // The document writes the name one way throughout: in each of the 160 sentences translated (parts 2
  // and 3 would have written HuangJensen and J. Huang), in the summary's fields and the front matter.
  const auto document = e.document_of("guest000001");
  const auto translation = document.find("## 📝 完整翻译");
  REQUIRE(translation != std::string::npos);
  CHECK(occurrences(document.substr(translation), "Jensen·Huang") == 160);
  std::vector<std::size_t> renderings;
  for (const auto* r : {"Jensen·Huang", "HuangJensen", "J. Huang", "Huang·Jensen"})
    renderings.push_back(occurrences(document, r));
  CHECK(renderings == std::vector<std::size_t>{191, 0, 0, 0});

  // Killed while it waited on the model: the kill cost the video no attempt.
  const auto video = ytm::store::Store(e.database()).video("guest000001");
  REQUIRE(video);
  CHECK(video->attempts == 1);
  CHECK(video->kills == 1);
  CHECK(video->crashes == 0);
}
