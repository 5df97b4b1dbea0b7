// A video whose job throws, or meets a locked database or a missing TMPDIR, ends as that video's
// failure: `ytmonitor process` returns, the daemon's worker goes on to the next video.
#include <catch2/catch.hpp>

#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "../feed/fake_youtube.hpp"
#include "../model/fake_model_fixture.hpp"
#include "store/store.hpp"
#include "support/background.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::store::VideoState;
using ytm::test::Background;
using ytm::test::eventually;

namespace {

using Env = std::vector<std::pair<std::string, std::string>>;

// The stand-in YouTube and Messages API, a config for the anthropic backend and an output in
// Chinese (so an English video is translated, not only summarised).
struct FaultFixture {
  ytm::test::FakeYoutube youtube;
  ytm::test::TempDir dir;
  ytm::test::FakeModel model;

  explicit FaultFixture(const std::string& extra = "") {
    dir.write("config.yaml", "state_dir: state\noutput_dir: out\nyoutube:\n  base_url: " + youtube.base_url() +
                                 "\n  poll_interval: 1s\n  jitter: 0\nstatus:\n  listen: ''\n"
                                 "transcript:\n  command: " YTM_TESTS_DIR
                                 "/fakes/yt-dlp\n  min_interval: 0s\n"
                                 "model:\n  backend: anthropic\n  base_url: http://127.0.0.1:" +
                                 std::to_string(model.port()) +
                                 "\n  api_key_env: YTM_TEST_KEY\n  batch: off\noutput:\n  language: zh-CN\n" + extra);
    dir.write("subscriptions.yaml", "channels: []\n");
  }
  [[nodiscard]] std::string config() const { return (dir / "config.yaml").string(); }
  [[nodiscard]] std::filesystem::path database() const { return dir / "state/ytmonitor.db"; }
  [[nodiscard]] ytm::store::VideoRecord video(const std::string& id) const {
    auto v = ytm::store::Store(database()).video(id);
    REQUIRE(v);
    return *v;
  }
  ytm::test::RunResult process(const std::string& video, Env env = {}) const {
    env.emplace_back("YTM_TEST_KEY", "test-key");
    return ytm::test::run({YTM_BINARY, "--config", config(), "process", video}, env);
  }
};

// Throws in the step, then shows the next run (no fault) finishes the video.
void check_step_throws(const std::string& step, const std::string& progress_step) {
  FaultFixture f;
  auto thrown = f.process("creatorEN01", {{"YTMONITOR_TEST_THROW_IN", step}});
  INFO(step << ": " << thrown.err);
  CHECK(thrown.exit_code == 1);
  CHECK(thrown.err.find("internal error in step " + progress_step) != std::string::npos);
  CHECK(thrown.err.find("test fault thrown in step " + step) != std::string::npos);
  CHECK(thrown.err.find("(internal)") != std::string::npos);
  auto failed = f.video("creatorEN01");
  CHECK(failed.state == VideoState::waiting);
  CHECK(failed.failure_code == ytm::to_string(ytm::FailureCode::internal));
  CHECK(failed.attempts == 1);
  CHECK(failed.next_attempt_at.has_value());

  auto again = f.process("creatorEN01");
  INFO(again.err);
  CHECK(again.exit_code == 0);
  CHECK(f.video("creatorEN01").state == VideoState::done);
}

}  // namespace

TEST_CASE("an exception in any step before the model ends the video as an internal failure naming the step") {
  for (const char* step : {"load", "transcript", "filters"}) check_step_throws(step, step);
}

TEST_CASE("an exception in a model step ends the video as an internal failure naming the step") {
  for (const char* step : {"translate", "summary", "grounding"}) check_step_throws(step, "pipeline");
}

TEST_CASE("an exception while saving, rendering or notifying ends the video as an internal failure naming the step") {
  for (const char* step : {"result", "render", "notify"}) check_step_throws(step, step);
}

TEST_CASE("a video that throws on every try fails after max_attempts, with the reason") {
  FaultFixture f("max_attempts: 3\n");
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto r = f.process("creatorEN01", {{"YTMONITOR_TEST_THROW_IN", "transcript"}});
    CHECK(r.exit_code == 1);
  }
  auto v = f.video("creatorEN01");
  CHECK(v.state == VideoState::failed);
  CHECK(v.failure_code == ytm::to_string(ytm::FailureCode::internal));
  CHECK(v.reason.find("gave up after 3 attempts") != std::string::npos);
  CHECK(v.reason.find("internal error in step transcript") != std::string::npos);
}

TEST_CASE("the daemon's only worker goes on to the next video after one whose job throws") {
  FaultFixture f("workers: 1\n");
  auto id = f.youtube.add_channel("@faulty");
  f.youtube.publish(id, "Older", 1'700'000'000, "autoonly001");
  f.youtube.publish(id, "Newer", 1'700'100'000, "creatorEN01");
  f.dir.write("subscriptions.yaml", "defaults: {backfill: 2}\nchannels:\n  - " + id + "\n");
  Background daemon({YTM_BINARY, "--config", f.config(), "run"}, f.dir / "daemon.log",
                    {{"YTM_TEST_KEY", "test-key"}, {"YTMONITOR_TEST_THROW_IN", "transcript:creatorEN01"}});
  // The newer video is claimed first and throws; the older one is done by the same worker.
  REQUIRE(eventually(
      [&] {
        auto v = ytm::store::Store(f.database()).video("autoonly001");
        return v && v->state == VideoState::done;
      },
      90s));
  INFO(daemon.log());
  auto thrown = f.video("creatorEN01");
  CHECK(thrown.state == VideoState::waiting);
  CHECK(thrown.failure_code == ytm::to_string(ytm::FailureCode::internal));
  CHECK(daemon.log().find("video creatorEN01: transient failure (internal): internal error in step transcript") !=
        std::string::npos);
  daemon.signal(SIGTERM);
  CHECK(daemon.wait(15s) == 0);
}

TEST_CASE("another program holding the database's write lock past the busy timeout fails the run, not wedges it") {
  FaultFixture f;
  f.model.faults({{"latency_ms", 3000}});
  Env env{{"YTM_TEST_KEY", "test-key"}};
  Background run({YTM_BINARY, "--config", f.config(), "process", "creatorEN01"}, f.dir / "process.log", env);
  REQUIRE(eventually(
      [&] {
        std::error_code ec;
        return std::filesystem::exists(f.database(), ec) &&
               ytm::store::Store(f.database()).step("creatorEN01", "transcript").has_value();
      },
      30s));
  {
    // As a backup tool or an `sqlite3` shell left open would: a write transaction held while the
    // run's next write waits out the 10 s busy timeout, and released once the run has said so.
    ytm::store::Connection other(f.database());
    other.exec("BEGIN IMMEDIATE");
    CHECK(run.wait_for_log("database is locked", 40s));
    other.exec("COMMIT");
  }
  auto code = run.wait(60s);
  INFO(run.log());
  REQUIRE(code.has_value());
  CHECK(*code == 1);
  CHECK(run.log().find("internal error in step pipeline") != std::string::npos);
  auto v = f.video("creatorEN01");
  CHECK(v.state == VideoState::waiting);
  CHECK(v.failure_code == ytm::to_string(ytm::FailureCode::internal));
  f.model.faults({{"latency_ms", 0}});
  auto again = f.process("creatorEN01");
  INFO(again.err);
  CHECK(again.exit_code == 0);
  CHECK(f.video("creatorEN01").state == VideoState::done);
}

TEST_CASE("a TMPDIR that does not exist pauses the video with a message naming it, without using up a try") {
  FaultFixture f;
  auto missing = (f.dir / "no-such-folder").string();
  auto r = f.process("creatorEN01", {{"TMPDIR", missing}});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("cannot create a temporary folder in " + missing) != std::string::npos);
  CHECK(r.err.find("TMPDIR") != std::string::npos);
  auto v = f.video("creatorEN01");
  CHECK(v.state == VideoState::waiting);
  CHECK(v.failure_code == ytm::to_string(ytm::FailureCode::temp_dir));
  CHECK(v.attempts == 0);
  CHECK(f.process("creatorEN01").exit_code == 0);
}
