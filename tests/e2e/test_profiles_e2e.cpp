// Profiles and SponsorBlock through the real daemon: two channels with different profiles, the
// stand-in SponsorBlock on loopback (see e2e_fixture.hpp and support/fake_sponsorblock.hpp).
#include <catch2/catch.hpp>

#include "e2e_fixture.hpp"
#include "store/store.hpp"
#include "support/fake_sponsorblock.hpp"
#include "support/loopback_http.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::test::EndToEnd;
using ytm::test::eventually;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("two channels with different profiles: their own output language, instructions, model and sponsor handling") {
  EndToEnd e;
  ytm::test::FakeSponsorblock sponsorblock;
  // Viewers marked 60–150 s of each talk (the talks last 754 s) as a sponsor read; one submission was
  // for another cut of the video (videoDuration 900), which would land on the wrong words.
  sponsorblock.submit(
      {{"long0000001",
        {{{"segment", {60.0, 150.0}}, {"category", "sponsor"}, {"videoDuration", 754.2}},
         {{"segment", {400.0, 430.0}}, {"category", "sponsor"}, {"videoDuration", 900}}}},
       {"long0000002", {{{"segment", {60.0, 150.0}}, {"category", "sponsor"}, {"videoDuration", 754}}}}});
  auto games = e.add_channel("@games", "An old video");
  auto talks = e.add_channel("@talks", "An old video");
  e.append_config("sponsorblock:\n  base_url: " + sponsorblock.base_url() +
                  "\n"
                  "profiles:\n"
                  "  english:\n"
                  "    language: en\n"
                  "    caption_languages: [zh-Hans]\n"
                  "    instructions: Call every machine a contraption.\n"
                  "    model: {name: claude-haiku-4-5}\n");
  e.dir.write("subscriptions.yaml",
              "profiles:\n"
              "  marked:\n"
              "    sponsorblock: {action: mark}\n"
              "channels:\n"
              "  - {id: " +
                  games +
                  ", profile: english}\n"
                  "  - {id: " +
                  talks + ", profile: marked}\n");
  auto daemon = e.start_daemon();
  REQUIRE(daemon->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
  REQUIRE(eventually(
      [&] {
        ytm::store::Store store(e.database());
        return store.channel(games).has_value() && store.channel(talks).has_value();
      },
      15s));
  e.publish(games, "chinese0001", "齿轮");
  e.publish(games, "long0000001", "Gears, part one");
  e.publish(talks, "long0000002", "Gears, part two");
  const bool both_done =
      eventually([&] { return e.video_done("chinese0001") && e.video_done("long0000001") && e.video_done("long0000002"); }, 100s);
  INFO(daemon->log());
  REQUIRE(both_done);

  // The profile's channel: a Chinese talk in English, with the profile's instructions after our
  // rules and its model.
  CHECK(contains(e.document_of("chinese0001"), "## 📝 Full translation"));
  const auto games_calls = e.model_calls_for("chinese0001");
  CHECK(games_calls.size() == 2);  // one chunk: its translation and the summary
  for (const auto& call : games_calls) {
    CHECK(call["language"] == "en");
    CHECK(call["model"] == "claude-haiku-4-5");
    CHECK(contains(call["system_end"],
                   "<reader_instructions>\nCall every machine a contraption.\n</reader_instructions>"));
  }
  // Its English talk: the sponsor read (60–150 s: parts 12 to 29, a sentence every 5 s) never sent,
  // so neither summarised nor in the document; a note says what was left out.
  const auto english = e.document_of("long0000001");
  CHECK(contains(english, "Part 11 of the long talk"));
  CHECK_FALSE(contains(english, "Part 12 of the long talk"));
  CHECK_FALSE(contains(english, "Part 29 of the long talk"));
  CHECK(contains(english, "Part 30 of the long talk"));
  CHECK(contains(english,
                 "> ⏭️ [1:00](https://www.youtube.com/watch?v=long0000001&t=60s)–"
                 "[2:30](https://www.youtube.com/watch?v=long0000001&t=150s) is a sponsor segment (sponsor): "
                 "left out of the translation and the summary (SponsorBlock)"));
  CHECK(contains(english, "*SponsorBlock: segments skipped: 1, about "));
  CHECK(contains(english, "*Segment data from [SponsorBlock](https://sponsor.ajay.app), CC BY-NC-SA 4.0*"));

  // The other channel: today's defaults but SponsorBlock marking: Chinese, no instructions, the
  // sponsor read translated and marked where it starts.
  const auto chinese = e.document_of("long0000002");
  CHECK(contains(chinese, "## 📝 完整翻译"));
  CHECK(contains(chinese,
                 "> 📢 赞助片段（sponsor）：[1:00](https://www.youtube.com/watch?v=long0000002&t=60s)–"
                 "[2:30](https://www.youtube.com/watch?v=long0000002&t=150s)（SponsorBlock）"));
  CHECK(contains(chinese, "*SponsorBlock: 标出 1 个片段*"));
  for (const auto& call : e.model_calls_for("long0000002")) {
    CHECK(call["language"] == "zh-CN");
    CHECK(call["model"] == "claude-sonnet-4-5");
    CHECK_FALSE(contains(call["system_end"], "reader_instructions"));
  }

  // SponsorBlock was asked by hash prefix only, never with a video id.
  for (const auto& path : sponsorblock.requests()) {
    CHECK_FALSE(contains(path, "long000000"));
    CHECK(path.get<std::string>().rfind("/api/skipSegments/", 0) == 0);
  }

  // The status page counts what skipping saved.
  const auto status = ytm::test::api_status(*daemon);
  CHECK(status["sponsorblock"]["videos"] == 1);
  CHECK(status["sponsorblock"]["tokens_saved"].get<int>() > 0);

  // SponsorBlock slow: the next video waits one timeout, then goes on without segments and says so.
  sponsorblock.mode("slow");
  e.publish(games, "long0000003", "Gears, part three");
  REQUIRE(eventually([&] { return e.video_done("long0000003"); }, 240s));
  const auto unsponsored = e.document_of("long0000003");
  CHECK(contains(unsponsored,
                 "*SponsorBlock: unavailable (timeout); sponsor reads, if any, were translated like the rest*"));
  CHECK_FALSE(contains(unsponsored, "CC BY-NC-SA"));

  // A saved edit that gives the other channel the English profile applies to its next video.
  const auto reloads = ytm::test::occurrences(daemon->log(), "configuration reloaded");
  e.dir.write("subscriptions.yaml.tmp",
              "channels:\n"
              "  - {id: " + games + ", profile: english}\n"
              "  - {id: " + talks + ", profile: english}\n");
  std::filesystem::rename(e.dir / "subscriptions.yaml.tmp", e.dir / "subscriptions.yaml");
  REQUIRE(eventually([&] { return ytm::test::occurrences(daemon->log(), "configuration reloaded") > reloads; }, 20s));
  e.publish(talks, "autoonly001", "Captions, automatically");
  REQUIRE(eventually([&] { return e.video_done("autoonly001"); }, 60s));
  const auto after_reload = e.model_calls_for("autoonly001");
  REQUIRE_FALSE(after_reload.empty());
  for (const auto& call : after_reload) {
    CHECK(call["language"] == "en");
    CHECK(contains(call["system_end"], "Call every machine a contraption."));
  }
}
