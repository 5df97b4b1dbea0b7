// The daemon's health checks and usage-limit pauses, end to end: `ytmonitor run`
// with the stand-in YouTube, stand-in yt-dlp installs and the real claude CLI on the stand-in API.
#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <thread>

#include "core/time.hpp"
#include "e2e_fixture.hpp"
#include "store/store.hpp"
#include "support/loopback_http.hpp"
#include "support/run.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::test::api_status;
using ytm::test::EndToEnd;
using ytm::test::eventually;
using ytm::test::status_cli;

namespace {

const std::string fake_ytdlp = YTM_TESTS_DIR "/fakes/yt-dlp";

// The daemon's /api/status once something is paused; null if nothing is within the time.
json status_with_pause(const ytm::test::Background& daemon, std::chrono::seconds within) {
  json api;
  const bool paused = eventually(
      [&] {
        api = api_status(daemon);
        return api.contains("paused") && !api["paused"].empty();
      },
      within);
  return paused ? api : json();
}

json status_json_cli(const EndToEnd& e) {
  return json::parse(ytm::test::ytmonitor({"--config", (e.dir / "config.yaml").string(), "status", "--json"}).out);
}

}  // namespace

TEST_CASE(
    "an old yt-dlp pauses transcripts instead of failing videos, shown in status and metrics, and once fixed work "
    "resumes") {
  EndToEnd e;
  e.use_ytdlp(e.install_ytdlp("YTM_FAKE_YTDLP_VERSION=2023.03.04").string());
  auto channel = e.add_channel("@health", "An old video");
  e.subscribe({channel});
  auto daemon = e.start_daemon();
  REQUIRE(daemon->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
  REQUIRE(eventually([&] { return status_port(*daemon) > 0; }, 15s));
  REQUIRE(eventually([&] { return ytm::store::Store(e.database()).channel(channel).has_value(); }, 15s));
  e.publish(channel, "creatorEN01", "How captions work");
  INFO(daemon->log());
  REQUIRE(eventually(
      [&] {
        auto v = ytm::store::Store(e.database()).video("creatorEN01");
        return v && ytm::store::to_string(v->state) == std::string("queued");
      },
      30s));

  auto api = status_with_pause(*daemon, 30s);
  REQUIRE_FALSE(api.is_null());
  auto ytdlp =
      std::find_if(api["health"].begin(), api["health"].end(), [](const json& c) { return c["check"] == "yt-dlp"; });
  REQUIRE(ytdlp != api["health"].end());
  CHECK((*ytdlp)["level"] == "fail");
  CHECK((*ytdlp)["stage"] == "transcript");
  REQUIRE(api["paused"].size() == 1);
  CHECK(api["paused"][0]["stage"] == "transcript");
  CHECK(api["paused"][0]["text"] == "transcript work paused: the health check yt-dlp fails");
  auto metrics = ytm::test::loopback_get(status_port(*daemon), "/metrics").body;
  CHECK(metrics.find("ytmonitor_health_check{check=\"yt-dlp\"} 0") != std::string::npos);
  CHECK(metrics.find("ytmonitor_health_check{check=\"model\"} 1") != std::string::npos);
  auto page = ytm::test::loopback_get(status_port(*daemon), "/").body;
  CHECK(page.find("Needs attention") < page.find("<h2>Queue"));
  // Said once: the check names the problem and its fix, the pause points at the check.
  CHECK(ytm::test::occurrences(page, "YouTube has broken releases this old") == 1);
  CHECK(page.find("<li>transcript work paused: the health check yt-dlp fails</li>") != std::string::npos);
  // `ytmonitor status` says the same, first (once the daemon's record of it is written).
  std::string status;
  REQUIRE(eventually(
      [&] {
        status = status_cli(e);
        return status.find("Needs attention:") != std::string::npos;
      },
      10s));
  CHECK_THAT(status, Catch::StartsWith("Daemon: running (pid "));
  CHECK(status.find("Needs attention:\n  \xE2\x9C\x97 yt-dlp: ") < status.find("Channels ("));
  CHECK_THAT(status, Catch::Contains("2023.03.04") && Catch::Contains("YouTube has broken releases this old") &&
                         Catch::Contains(". Fix: install the current release binary"));
  CHECK_THAT(status, Catch::Contains("\n  transcript work paused: the health check yt-dlp fails\n"));
  CHECK(ytm::test::occurrences(status, "YouTube has broken releases this old") == 1);
  auto status_json = status_json_cli(e);
  CHECK(status_json["daemon"]["running"] == true);
  CHECK(status_json["health"] == api["health"]);
  CHECK(status_json["paused"] == api["paused"]);

  // The video waits in the queue, untried, rather than failing.
  std::this_thread::sleep_for(3s);
  auto video = ytm::store::Store(e.database()).video("creatorEN01");
  REQUIRE(video);
  CHECK(ytm::store::to_string(video->state) == std::string("queued"));
  CHECK(video->attempts == 0);
  CHECK(ytm::test::occurrences(daemon->log(), "health check yt-dlp fails") == 2);
  CHECK(ytm::test::occurrences(daemon->log(), "YouTube has broken releases this old") == 1);
  CHECK(daemon->log().find("workers take no new video: transcript work paused: the health check yt-dlp fails\n") !=
        std::string::npos);
  // A pip install is never updated by ytmonitor (doctor names how to update it).
  CHECK(daemon->log().find("yt-dlp is a pip install, which updates itself only through its package manager; "
                           "ytmonitor leaves it alone") != std::string::npos);
  CHECK(daemon->log().find("looking for a newer") == std::string::npos);
  // Another round (a reload; the hourly one is the same) finds the same problem: not logged again.
  const auto checked = status_json["daemon"]["checked_at"];
  daemon->signal(SIGHUP);
  REQUIRE(eventually([&] { return status_json_cli(e)["daemon"]["checked_at"] != checked; }, 20s));
  CHECK(ytm::test::occurrences(daemon->log(), "YouTube has broken releases this old") == 1);
  CHECK(status_json_cli(e)["paused"].size() == 1);

  // A current yt-dlp: the reload checks again, the pause ends and the video is processed.
  e.use_ytdlp(fake_ytdlp);
  REQUIRE(eventually([&] { return !e.documents().empty(); }, 150s));
  CHECK(daemon->log().find("health check yt-dlp passes again") != std::string::npos);
  CHECK(api_status(*daemon)["paused"].empty());
  REQUIRE(eventually(
      [&] {
        auto now = status_cli(e);
        return now.find("yt-dlp: ") == std::string::npos && now.find("work paused") == std::string::npos;
      },
      10s));
  daemon->signal(SIGTERM);
  const auto code = daemon->wait(10s);
  INFO("exit " << (code ? std::to_string(*code) : "none") << "\n" << daemon->log());
  CHECK(code == 0);
  // Stopped: its last checks, marked as such, and no pause.
  CHECK_THAT(status_cli(e), Catch::StartsWith("Daemon: not running; its last health checks ("));
}

TEST_CASE("the claude CLI's limit banner pauses model work until its reset and nothing of it is stored or rendered") {
  EndToEnd e;
  e.model_faults({{"limit_banner", 1000}});
  auto channel = e.add_channel("@limited", "An old video");
  e.subscribe({channel});
  auto daemon = e.start_daemon();
  REQUIRE(daemon->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
  REQUIRE(eventually([&] { return ytm::store::Store(e.database()).channel(channel).has_value(); }, 15s));
  e.publish(channel, "creatorEN01", "First");
  e.publish(channel, "autoonly001", "Second");
  INFO(daemon->log());
  auto api = status_with_pause(*daemon, 120s);
  REQUIRE_FALSE(api.is_null());
  CHECK(api["paused"][0]["stage"] == "model");
  CHECK(api["paused"][0]["code"] == "usage_limit");
  CHECK_THAT(api["paused"][0]["text"].get<std::string>(), Catch::StartsWith("model work paused until "));
  CHECK_THAT(api["paused"][0]["text"].get<std::string>(), Catch::Contains("You've hit your limit"));
  // Until 3pm in Berlin: within the next day, and on the minute.
  auto until = ytm::parse_iso8601(api["paused"][0]["until"].get<std::string>());
  REQUIRE(until);
  CHECK(*until > ytm::now_unix());
  CHECK(*until <= ytm::now_unix() + 86400);
  CHECK((*until + 5) % 3600 <= 10);  // on the hour, give or take the seconds between reading and pausing

  std::this_thread::sleep_for(4s);
  const auto calls = e.model_stats()["total"].get<int>();
  std::this_thread::sleep_for(4s);
  CHECK(e.model_stats()["total"] == calls);  // no video after the first tries the model
  ytm::store::Store store(e.database());
  int waiting = 0;
  for (const char* id : {"creatorEN01", "autoonly001"}) {
    auto v = store.video(id);
    REQUIRE(v);
    CHECK(ytm::store::to_string(v->state) != std::string("failed"));
    if (v->failure_code == ytm::to_string(ytm::FailureCode::usage_limit)) ++waiting;
    for (const auto& step : store.steps(id)) {
      CHECK(step.output.find("hit your limit") == std::string::npos);
    }
  }
  CHECK(waiting == 1);
  CHECK(e.documents().empty());
  // `ytmonitor status` says when model work resumes, as the status page does.
  std::string status;
  REQUIRE(eventually(
      [&] {
        status = status_cli(e);
        return status.find("Needs attention:") != std::string::npos;
      },
      10s));
  CHECK_THAT(status, Catch::Contains("Needs attention:\n  model work paused until " +
                                     api["paused"][0]["until"].get<std::string>() + " (in "));
  CHECK_THAT(status, Catch::Contains("You've hit your limit"));
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

TEST_CASE("a claude CLI without a login or key pauses model work with the fix, and no video is tried") {
  EndToEnd e;
  auto channel = e.add_channel("@nologin", "An old video");
  e.subscribe({channel});
  auto daemon = e.start_daemon("daemon.log", {{"ANTHROPIC_API_KEY", ""}});
  REQUIRE(daemon->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
  REQUIRE(eventually([&] { return ytm::store::Store(e.database()).channel(channel).has_value(); }, 15s));
  e.publish(channel, "creatorEN01", "Never tried");
  INFO(daemon->log());
  REQUIRE(daemon->wait_for_log("health check model fails", 30s));
  auto api = status_with_pause(*daemon, 30s);
  REQUIRE_FALSE(api.is_null());
  CHECK(api["paused"][0]["stage"] == "model");
  CHECK(api["paused"][0]["text"] == "model work paused: the health check model fails");
  const auto model = std::find_if(api["health"].begin(), api["health"].end(),
                                  [](const json& c) { return c["check"] == "model"; });
  REQUIRE(model != api["health"].end());
  CHECK_THAT((*model)["summary"].get<std::string>(), Catch::Contains("not logged in and no ANTHROPIC_API_KEY"));
  auto metrics = ytm::test::loopback_get(status_port(*daemon), "/metrics").body;
  CHECK(metrics.find("ytmonitor_health_check{check=\"model\"} 0") != std::string::npos);
  REQUIRE(eventually(
      [&] {
        auto now = status_cli(e);
        return now.find("\xE2\x9C\x97 model: claude CLI ") != std::string::npos &&
               now.find("Fix: run " YTM_TESTS_DIR
                        "/node/node_modules/.bin/claude once as the daemon's user and log in with /login") !=
                   std::string::npos;
      },
      10s));
  REQUIRE(eventually(
      [&] {
        auto v = ytm::store::Store(e.database()).video("creatorEN01");
        return v && ytm::store::to_string(v->state) == std::string("queued");
      },
      30s));
  std::this_thread::sleep_for(3s);
  auto video = ytm::store::Store(e.database()).video("creatorEN01");
  CHECK(ytm::store::to_string(video->state) == std::string("queued"));
  CHECK(video->attempts == 0);
  CHECK(e.model_stats()["total"] == 0);
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}
