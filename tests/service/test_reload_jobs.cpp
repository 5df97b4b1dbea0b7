// A reload changes what the next video gets: its transcript run, its model requests, its document
// and notification, how many tries it has, whether the budget lets it through, and the log.
#include <catch2/catch.hpp>

#include <csignal>
#include <sstream>

#include "reload_fixture.hpp"
#include "support/loopback_http.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::store::VideoState;
using ytm::test::eventually;
using ytm::test::ReloadFixture;

namespace {

int task_calls(const json& stats) {
  int n = 0;
  for (const auto& [task, count] : stats["calls"].items()) n += count.get<int>();
  return n;
}

// The stand-in yt-dlp's argv for the run that fetched this video (a JSON line of its log).
std::string ytdlp_run(const std::filesystem::path& log, const std::string& video_id) {
  std::istringstream lines(ytm::test::read_file(log));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find("watch?v=" + video_id) != std::string::npos) return line;
  }
  return "";
}

}  // namespace

TEST_CASE("a reload changes the next video's yt-dlp run, model requests, document, notification and log level") {
  ReloadFixture f;
  ytm::test::StandInProcess webhook({YTM_TESTS_DIR "/fakes/fake_webhook", "--port", "0"});
  auto channel = f.add_channel("@next");
  f.subscribe({channel});
  auto daemon = f.start({{"YTM_FAKE_YTDLP_LOG", (f.dir / "ytdlp.log").string()}});
  INFO(daemon->log());
  REQUIRE(f.wait_for_channel(channel));
  f.publish(channel, "long0000001", "Before the reload");
  REQUIRE(f.wait_for("long0000001", VideoState::done));
  const int calls_before = task_calls(f.model.stats());
  CHECK(f.model.stats()["last"]["max_tokens"] == 16000);
  auto first = f.documents();
  REQUIRE(first.size() == 1);
  CHECK(ytm::test::read_file(first[0]).starts_with("---\n"));
  CHECK(ytdlp_run(f.dir / "ytdlp.log", "long0000001").find("--retries") == std::string::npos);
  CHECK(daemon->log().find(" debug ") == std::string::npos);

  f.set("transcript.extra_args", "['--retries', '7']");
  f.set("model.max_chunk_tokens", "1000");
  f.set("model.max_output_tokens", "3000");
  f.set("output.filename", "'{id} after.md'");
  f.set("output.front_matter", "false");
  f.set("notify.webhook_url", "http://127.0.0.1:" + std::to_string(webhook.port()) + "/hook");
  f.set("log_level", "debug");
  f.set("output_dir", "elsewhere");
  REQUIRE(f.reload(*daemon));
  f.publish(channel, "long0000002", "After the reload");
  REQUIRE(f.wait_for("long0000002", VideoState::done));
  // The same length of transcript in chunks of 1,000 tokens: more calls than in one chunk.
  CHECK(task_calls(f.model.stats()) - calls_before > calls_before);
  CHECK(f.model.stats()["last"]["max_tokens"] == 3000);
  CHECK(ytdlp_run(f.dir / "ytdlp.log", "long0000002").find(R"("--retries", "7")") != std::string::npos);
  const auto second = f.dir / "elsewhere/long0000002 after.md";
  REQUIRE(std::filesystem::exists(second));
  CHECK(!ytm::test::read_file(second).starts_with("---\n"));
  CHECK(eventually(
      [&] {
        return ytm::test::loopback_get(webhook.port(), "/_control/received").body.find("long0000002") !=
               std::string::npos;
      },
      30s));
  CHECK(daemon->log().find(" debug ") != std::string::npos);
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

TEST_CASE("a reload changes how many tries the next videos get, and the daily budget pauses or resumes model work") {
  ReloadFixture f;
  auto channel = f.add_channel("@tries");
  f.subscribe({channel});
  f.set("max_attempts", "1");
  f.set("model.max_attempts", "1");
  f.save();
  auto daemon = f.start();
  INFO(daemon->log());
  REQUIRE(f.wait_for_channel(channel));

  // One try: YouTube's 429 ends the video at once.
  f.publish(channel, "ratelimit01", "Rate limited");
  REQUIRE(f.wait_for("ratelimit01", VideoState::failed));
  CHECK(f.video("ratelimit01")->reason.find("gave up after 1 attempts") != std::string::npos);
  f.set("max_attempts", "3");
  REQUIRE(f.reload(*daemon));
  f.publish(channel, "network0001", "Network trouble");
  REQUIRE(f.wait_for("network0001", VideoState::waiting));
  CHECK(f.video("network0001")->failure_code == ytm::to_string(ytm::FailureCode::network));

  // One model call per step: a 500 fails the video; with two, the step is tried again and the video is done.
  f.model.faults({{"server_error", 1}});
  f.publish(channel, "bulk0000001", "One model try");
  REQUIRE(f.wait_for("bulk0000001", VideoState::waiting));
  CHECK(f.video("bulk0000001")->failure_code == ytm::to_string(ytm::FailureCode::server_error));
  f.set("model.max_attempts", "2");
  REQUIRE(f.reload(*daemon));
  f.model.faults({{"server_error", 1}});
  f.publish(channel, "bulk0000002", "Two model tries");
  REQUIRE(f.wait_for("bulk0000002", VideoState::done));
  CHECK(f.model.stats()["faults"]["500"] == 2);  // counted by status

  // Today's spend is over a budget of a ten-thousandth of a dollar: the next video waits, with no call made.
  f.set("model.daily_budget_usd", "0.0001");
  REQUIRE(f.reload(*daemon));
  const int calls = f.model.stats()["total"];
  f.publish(channel, "bulk0000003", "Over budget");
  REQUIRE(f.wait_for("bulk0000003", VideoState::waiting));
  CHECK(f.video("bulk0000003")->failure_code == ytm::to_string(ytm::FailureCode::budget));
  CHECK(f.model.stats()["total"] == calls);
  // Raised again ("or raise the budget and reload", the pause says): the video goes on now, not at midnight.
  f.unset("model.daily_budget_usd");
  REQUIRE(f.reload(*daemon));
  CHECK(f.wait_for("bulk0000003", VideoState::done));
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}
