// The daemon taken down mid-video (kill -9, a crash) as a user would meet it: the next start takes
// the video back at once, a video that keeps taking the daemon down is failed as crashed, the
// children die with the daemon, and `ytmonitor process` beside the daemon never shares a video.
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>

#include "crash_fixture.hpp"
#include "support/run.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::store::VideoState;
using ytm::test::Background;
using ytm::test::eventually;

using ytm::test::CrashFixture;
using ytm::test::running;
using Env = ytm::test::CrashFixture::Env;

TEST_CASE("a video that takes the daemon down on every try fails as crashed after max_attempts and the queue goes on") {
  CrashFixture f;
  f.publish("autoonly001", 1'700'000'000);
  f.publish("creatorEN01", 1'700'100'000);  // newer: claimed first
  f.subscribe(2);
  // As systemd's Restart= would: start again after each crash. The default max_attempts is 5.
  int crashes = 0;
  for (int start = 1; start <= 7 && !f.in_state("autoonly001", VideoState::done); ++start) {
    auto daemon =
        f.daemon("daemon" + std::to_string(start) + ".log", {{"YTMONITOR_TEST_KILL_IN", "transcript:creatorEN01"}});
    std::optional<int> ended;
    REQUIRE(eventually(
        [&] {
          ended = daemon->wait(0ms);
          return ended || f.in_state("autoonly001", VideoState::done);
        },
        60s));
    if (!ended) {
      INFO(daemon->log());
      CHECK(daemon->log().find("video creatorEN01: failed (crashed)") != std::string::npos);
      daemon->signal(SIGTERM);
      CHECK(daemon->wait(15s) == 0);
      break;
    }
    ++crashes;
  }
  CHECK(crashes == 5);
  auto crashed = f.video("creatorEN01");
  REQUIRE(crashed);
  CHECK(crashed->state == VideoState::failed);
  CHECK(crashed->failure_code == "crashed");
  CHECK(crashed->attempts == 5);
  CHECK(f.in_state("autoonly001", VideoState::done));
}

TEST_CASE("after kill -9 the children die with the daemon and their temporary folders go at the next start") {
  CrashFixture f;
  f.publish("hangforever", 1'700'000'000);
  f.subscribe(1);
  auto pids = f.dir / "ytdlp.pids";
  auto tmp = f.dir / "tmp";
  std::filesystem::create_directories(tmp);
  Env env{{"YTM_FAKE_YTDLP_PIDS", pids.string()}, {"TMPDIR", tmp.string()}};
  auto first = f.daemon("first.log", env);
  REQUIRE(eventually([&] { return std::filesystem::exists(pids) && std::filesystem::file_size(pids) > 0; }, 60s));
  pid_t ytdlp = 0;
  pid_t its_child = 0;  // a grandchild of the daemon: PR_SET_PDEATHSIG reaches only yt-dlp itself
  std::ifstream(pids) >> ytdlp >> its_child;
  REQUIRE(ytdlp > 0);
  REQUIRE(running(ytdlp));
  auto left_behind = [&] {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(tmp))
      n += e.path().filename().string().starts_with("ytmonitor-ytdlp-");
    return n;
  };
  CHECK(left_behind() == 1);
  first->signal(SIGKILL);
  first->wait(5s);
  CHECK(eventually([&] { return !running(ytdlp); }, 5s));
  CHECK(left_behind() == 1);  // nobody could remove it
  REQUIRE(its_child > 0);
  // Its own child outlives the kill: nothing of the daemon is left to end it...
  const bool survived = running(its_child);

  std::filesystem::remove(pids);
  auto second = f.daemon("second.log", env);
  REQUIRE(second->wait_for_log("removed 1 temporary folder(s) left by processes that are gone", 30s));
  // ...until the next start, which ends what a ytmonitor that is gone left running.
  CHECK(eventually([&] { return !running(its_child); }, 5s));
  if (survived)
    CHECK(second->log().find("stopped 1 process(es) left running by a ytmonitor that is gone") != std::string::npos);
  // The video is taken back at once (its lease of 10 minutes still runs) and yt-dlp runs again.
  CHECK(eventually([&] { return std::filesystem::exists(pids); }, 30s));
  second->signal(SIGTERM);
  CHECK(second->wait(15s) == 0);
}

TEST_CASE("SIGTERM while yt-dlp runs: yt-dlp and the child it started are gone once the daemon has exited") {
  CrashFixture f;
  f.publish("hangforever", 1'700'000'000);
  f.subscribe(1);
  auto pids = f.dir / "ytdlp.pids";
  auto daemon = f.daemon("daemon.log", {{"YTM_FAKE_YTDLP_PIDS", pids.string()}});
  REQUIRE(eventually([&] { return std::filesystem::exists(pids) && std::filesystem::file_size(pids) > 0; }, 60s));
  pid_t ytdlp = 0;
  pid_t its_child = 0;
  std::ifstream(pids) >> ytdlp >> its_child;
  REQUIRE(running(ytdlp));
  REQUIRE(running(its_child));
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(15s) == 0);
  CHECK_FALSE(running(ytdlp));
  CHECK_FALSE(running(its_child));  // the whole process group, killed before the daemon exited
}

TEST_CASE("ytmonitor process and the daemon side by side never take each other's video") {
  CrashFixture f;
  f.publish("creatorEN01", 1'700'000'000);
  f.subscribe(1);
  REQUIRE(ytm::test::run({YTM_BINARY, "--config", f.config(), "poll-once"}).exit_code == 0);
  REQUIRE(f.in_state("creatorEN01", VideoState::queued));
  f.model.faults({{"latency_ms", 3000}});
  Background by_hand({YTM_BINARY, "--config", f.config(), "process", "creatorEN01"}, f.dir / "process.log",
                     {{"YTM_TEST_KEY", "test-key"}});
  REQUIRE(eventually([&] { return f.in_state("creatorEN01", VideoState::processing); }, 30s));
  auto daemon = f.daemon("daemon.log");
  REQUIRE(daemon->wait_for_log("running", 15s));
  auto code = by_hand.wait(90s);
  INFO(by_hand.log());
  INFO(daemon->log());
  REQUIRE(code.has_value());
  CHECK(*code == 0);
  CHECK(f.in_state("creatorEN01", VideoState::done));
  CHECK(daemon->log().find("video creatorEN01: processing") == std::string::npos);

  // And the other way round: while the daemon works on a video, process refuses it.
  f.publish("autoonly001", 1'800'000'000);
  REQUIRE(eventually([&] { return f.in_state("autoonly001", VideoState::processing); }, 60s));
  auto refused =
      ytm::test::run({YTM_BINARY, "--config", f.config(), "process", "autoonly001"}, {{"YTM_TEST_KEY", "test-key"}});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("being processed by the daemon right now") != std::string::npos);
  REQUIRE(eventually([&] { return f.in_state("autoonly001", VideoState::done); }, 60s));
  CHECK(f.video("autoonly001")->attempts == 1);
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(15s) == 0);
}

TEST_CASE("a live video on a skip_live channel ends skipped (live), not waiting to be retried") {
  CrashFixture f;
  f.publish("livenow0001", 1'700'000'000);
  f.dir.write("subscriptions.yaml",
              "defaults: {backfill: 1}\nchannels:\n  - id: " + f.channel + "\n    skip_live: true\n");
  auto daemon = f.daemon("daemon.log");
  REQUIRE(eventually([&] { return f.in_state("livenow0001", VideoState::skipped); }, 60s));
  INFO(daemon->log());
  auto v = f.video("livenow0001");
  CHECK(v->failure_code == "live");
  CHECK(v->reason == "a livestream or premiere, and skip_live is on");
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(15s) == 0);
}
