// The daemon taken down mid-video (kill -9, a crash) as a user would meet it: the next start takes
// the video back at once, a video that keeps taking the daemon down is failed as crashed, the
// children die with the daemon, and `ytmonitor process` beside the daemon never shares a video.
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>

#include "crash_fixture.hpp"
#include "model/pricing.hpp"
#include "store/sqlite.hpp"
#include "support/run.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::store::VideoState;
using ytm::test::Background;
using ytm::test::eventually;

using ytm::test::CrashFixture;
using ytm::test::CrashOptions;
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
  CHECK(crashed->failure_code == ytm::to_string(ytm::FailureCode::crashed));
  CHECK(crashed->attempts == 5);
  CHECK(crashed->crashes == 5);
  CHECK(crashed->reason.find("each time before its first step was saved and while its own work ran") !=
        std::string::npos);
  CHECK(f.in_state("autoonly001", VideoState::done));
}

namespace {

struct CallRow {
  std::string model;
  std::string state;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0;
};

std::vector<CallRow> model_calls(const CrashFixture& f, const std::string& video_id) {
  ytm::store::Connection db(f.database());
  ytm::store::Statement st(
      db,
      "SELECT model, state, input_tokens, output_tokens, cost_usd FROM model_calls WHERE video_id = ?1 ORDER BY id");
  st.bind(1, video_id);
  std::vector<CallRow> rows;
  while (st.step()) rows.push_back({st.text(0), st.text(1), st.integer(2), st.integer(3), st.real(4)});
  return rows;
}

long long calls_received(const CrashFixture& f) { return f.model.stats()["total"].get<long long>(); }

// Starts the daemon and kills it (SIGKILL) once the stand-in model has received a call from it:
// the video is waiting on the model's answer.
void kill_while_waiting(const CrashFixture& f, const std::string& log) {
  const long long before = calls_received(f);
  auto daemon = f.daemon(log);
  REQUIRE(eventually([&] { return calls_received(f) > before; }, 60s));
  INFO(daemon->log());
  CHECK(daemon->log().find("video creatorEN01: processing (attempt 1)") != std::string::npos);
  daemon->signal(SIGKILL);
  daemon->wait(5s);
}

}  // namespace

TEST_CASE("kills from outside while a video waits on the model cost it no attempt and each cut-off call is priced") {
  CrashFixture f;
  f.publish("creatorEN01", 1'700'000'000);
  f.subscribe(1);
  f.model.faults({{"latency_ms", 600'000}});  // no answer comes before the kill
  for (int kill = 1; kill <= 5; ++kill) kill_while_waiting(f, "kill" + std::to_string(kill) + ".log");

  f.model.faults({{"latency_ms", 0}});
  auto daemon = f.daemon("last.log");
  REQUIRE(eventually([&] { return f.in_state("creatorEN01", VideoState::done); }, 60s));
  INFO(daemon->log());
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(15s) == 0);
  auto video = f.video("creatorEN01");
  CHECK(video->attempts == 1);
  CHECK(video->kills == 5);
  CHECK(video->crashes == 0);

  // Every call the stand-in received is recorded: those cut off by a kill at the price of the
  // configured model for their estimated tokens, the others as answered.
  auto rows = model_calls(f, "creatorEN01");
  CHECK(static_cast<long long>(rows.size()) == calls_received(f));
  int abandoned = 0;
  double total = 0;
  for (const auto& row : rows) {
    total += row.cost_usd;
    if (row.state != "abandoned") {
      CHECK(row.state == "completed");
      continue;
    }
    ++abandoned;
    CHECK(row.model == "claude-sonnet-4-5");
    CHECK(row.input_tokens > 0);
    CHECK(row.output_tokens > 0);
    CHECK(row.cost_usd > 0);
    CHECK(row.cost_usd == Approx(ytm::model::estimate_cost_usd(row.model, row.input_tokens, row.output_tokens)));
  }
  CHECK(abandoned >= 5);  // at least the call each kill found in flight
  auto spent = ytm::store::Store(f.database()).spend_since(0);
  CHECK(spent.abandoned_calls == abandoned);
  CHECK(spent.cost_usd == Approx(total));
  auto status = ytm::test::run({YTM_BINARY, "--config", f.config(), "status"});
  CHECK(status.out.find("(" + std::to_string(abandoned) + " cut off by a stop or kill, counted at their estimate)") !=
        std::string::npos);
}

TEST_CASE("the daily budget counts a call cut off by a kill: the next start does not spend past it") {
  CrashOptions options;
  options.model = "  daily_budget_usd: 0.005\n";  // below the estimate of any one call of this video
  CrashFixture f(options);
  f.publish("creatorEN01", 1'700'000'000);
  f.subscribe(1);
  f.model.faults({{"latency_ms", 600'000}});
  kill_while_waiting(f, "killed.log");
  const long long received = calls_received(f);

  f.model.faults({{"latency_ms", 0}});
  auto daemon = f.daemon("after.log");
  REQUIRE(eventually([&] { return f.in_state("creatorEN01", VideoState::waiting); }, 60s));
  INFO(daemon->log());
  auto video = f.video("creatorEN01");
  CHECK(video->failure_code == ytm::to_string(ytm::FailureCode::budget));
  CHECK(video->reason.find("daily budget (model.daily_budget_usd)") != std::string::npos);
  CHECK(calls_received(f) == received);
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(15s) == 0);
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
  std::filesystem::remove(pids);
  // Its own child outlives the kill: nothing of the daemon is left to end it... but any ytmonitor
  // that starts ends what a gone one left, and tests beside this one start theirs: whether this
  // start is the one that ends it is known only from just before it.
  const bool survived = running(its_child);
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
