// The daemon's health checks, usage-limit pauses and yt-dlp upkeep, end to end: `ytmonitor run`
// with the stand-in YouTube, stand-in yt-dlp installs and the real claude CLI on the stand-in API.
#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <thread>

#include "core/time.hpp"
#include "e2e_fixture.hpp"
#include "store/store.hpp"
#include "support/loopback_http.hpp"
#include "support/run.hpp"
#include "support/ytdlp_version.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::test::EndToEnd;
using ytm::test::eventually;

namespace {

namespace fs = std::filesystem;
const std::string fake_ytdlp = YTM_TESTS_DIR "/fakes/yt-dlp";

std::string days_ago(int days) { return ytm::test::ytdlp_version_days_ago(days); }

// A yt-dlp "install": a script running the stand-in with these settings.
fs::path install_ytdlp(EndToEnd& e, const std::string& settings) {
  auto path = e.dir / "bin/yt-dlp";
  e.dir.write("bin/yt-dlp", "#!/bin/sh\n" + settings + " exec " + fake_ytdlp + " \"$@\"\n");
  fs::permissions(path, fs::perms::owner_all);
  return path;
}

// config.yaml with transcript.command replaced, written beside and renamed over.
void use_ytdlp(EndToEnd& e, const std::string& command) {
  auto text = ytm::test::read_file(e.dir / "config.yaml");
  auto at = text.find("  command: ") + 11;
  text.replace(at, text.find('\n', at) - at, command);
  e.dir.write("config.yaml.tmp", text);
  fs::rename(e.dir / "config.yaml.tmp", e.dir / "config.yaml");
}

json api_status(const ytm::test::Background& daemon) {
  auto r = ytm::test::loopback_get(status_port(daemon), "/api/status");
  return r.status == 200 ? json::parse(r.body) : json();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE(
    "an old yt-dlp pauses transcripts instead of failing videos, shown in status and metrics, and once fixed work "
    "resumes") {
  EndToEnd e;
  use_ytdlp(e, install_ytdlp(e, "YTM_FAKE_YTDLP_VERSION=2023.03.04").string());
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

  json api;
  REQUIRE(eventually(
      [&] {
        api = api_status(*daemon);
        return api.contains("paused") && !api["paused"].empty();
      },
      30s));
  auto ytdlp =
      std::find_if(api["health"].begin(), api["health"].end(), [](const json& c) { return c["check"] == "yt-dlp"; });
  REQUIRE(ytdlp != api["health"].end());
  CHECK((*ytdlp)["level"] == "fail");
  CHECK((*ytdlp)["stage"] == "transcript");
  REQUIRE(api["paused"].size() == 1);
  CHECK(api["paused"][0]["stage"] == "transcript");
  CHECK_THAT(api["paused"][0]["text"].get<std::string>(), Catch::Contains("2023.03.04"));
  auto metrics = ytm::test::loopback_get(status_port(*daemon), "/metrics").body;
  CHECK(metrics.find("ytmonitor_health_check{check=\"yt-dlp\"} 0") != std::string::npos);
  CHECK(metrics.find("ytmonitor_health_check{check=\"model\"} 1") != std::string::npos);
  auto page = ytm::test::loopback_get(status_port(*daemon), "/").body;
  CHECK(page.find("Needs attention") < page.find("<h2>Queue"));
  CHECK(page.find("YouTube has broken releases this old") != std::string::npos);

  // The video waits in the queue, untried, rather than failing.
  std::this_thread::sleep_for(3s);
  auto video = ytm::store::Store(e.database()).video("creatorEN01");
  REQUIRE(video);
  CHECK(ytm::store::to_string(video->state) == std::string("queued"));
  CHECK(video->attempts == 0);
  CHECK(count(daemon->log(), "health check yt-dlp fails") == 1);

  // A current yt-dlp: the reload checks again, the pause ends and the video is processed.
  use_ytdlp(e, fake_ytdlp);
  REQUIRE(eventually([&] { return !e.documents().empty(); }, 150s));
  CHECK(daemon->log().find("health check yt-dlp passes again") != std::string::npos);
  CHECK(api_status(*daemon)["paused"].empty());
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
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
  json api;
  REQUIRE(eventually(
      [&] {
        api = api_status(*daemon);
        return api.contains("paused") && !api["paused"].empty();
      },
      120s));
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
    if (v->failure_code == "usage_limit") ++waiting;
    for (const auto& step : store.steps(id)) {
      CHECK(step.output.find("hit your limit") == std::string::npos);
    }
  }
  CHECK(waiting == 1);
  CHECK(e.documents().empty());
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

TEST_CASE("transcript.update: auto updates a release yt-dlp, logged with both versions and shown in status") {
  EndToEnd e;
  const std::string old_version = days_ago(20);
  auto ytdlp = install_ytdlp(e, "");
  e.dir.write("bin/yt-dlp", "#!/bin/sh\nYTM_FAKE_YTDLP_VERSION=" + old_version +
                                " YTM_FAKE_YTDLP_VARIANT=zip YTM_FAKE_YTDLP_SELF=" + ytdlp.string() +
                                " YTM_FAKE_YTDLP_UPDATE=" + days_ago(1) + " exec " + fake_ytdlp + " \"$@\"\n");
  use_ytdlp(e, ytdlp.string());
  auto daemon = e.start_daemon();
  INFO(daemon->log());
  REQUIRE(daemon->wait_for_log("yt-dlp updated from " + old_version + " to " + days_ago(1), 30s));
  CHECK(ytm::test::run({ytdlp.string(), "--version"}).out == days_ago(1) + "\n");
  REQUIRE(eventually([&] { return status_port(*daemon) > 0; }, 15s));
  auto api = api_status(*daemon);
  CHECK(api["ytdlp_update"]["from"] == old_version);
  CHECK(api["ytdlp_update"]["to"] == days_ago(1));
  CHECK(fs::exists(e.dir / "state/yt-dlp.previous"));
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);

  // Restarted the same day: no second update.
  auto again = e.start_daemon("again.log");
  REQUIRE(again->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
  std::this_thread::sleep_for(2s);
  CHECK(again->log().find("looking for a newer") == std::string::npos);
  again->signal(SIGTERM);
  CHECK(again->wait(10s) == 0);
}

TEST_CASE("transcript.update: an update that leaves a yt-dlp that does not run is rolled back") {
  EndToEnd e;
  const std::string old_version = days_ago(30);
  auto ytdlp = e.dir / "bin/yt-dlp";
  e.dir.write("bin/yt-dlp", "#!/bin/sh\nYTM_FAKE_YTDLP_VERSION=" + old_version +
                                " YTM_FAKE_YTDLP_VARIANT=zip YTM_FAKE_YTDLP_SELF=" + ytdlp.string() +
                                " YTM_FAKE_YTDLP_UPDATE=broken exec " + fake_ytdlp + " \"$@\"\n");
  fs::permissions(ytdlp, fs::perms::owner_all);
  use_ytdlp(e, ytdlp.string());
  auto daemon = e.start_daemon();
  INFO(daemon->log());
  REQUIRE(daemon->wait_for_log("is back in place", 30s));
  CHECK(daemon->log().find("the updated yt-dlp did not answer --version") != std::string::npos);
  CHECK(ytm::test::run({ytdlp.string(), "--version"}).out == old_version + "\n");
  REQUIRE(eventually([&] { return status_port(*daemon) > 0; }, 15s));
  auto api = api_status(*daemon);
  CHECK(api["ytdlp_update"]["restored"] == true);
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}
