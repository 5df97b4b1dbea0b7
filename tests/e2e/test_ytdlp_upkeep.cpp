// transcript.update: auto, end to end: `ytmonitor run` with stand-in yt-dlp release binaries that
// "update themselves" (to a working release, or to a file that does not run), daily and after an
// extraction error that newer releases fix.
#include <catch2/catch.hpp>

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
using ytm::test::api_status;
using ytm::test::EndToEnd;
using ytm::test::eventually;
using ytm::test::occurrences;

namespace {

namespace fs = std::filesystem;

std::string days_ago(int days) { return ytm::test::ytdlp_version_days_ago(days); }

// What a release from before a YouTube player change says for every video.
const std::string signature_error =
    "Signature extraction failed: Some formats may be missing. Please report this issue on  "
    "https://github.com/yt-dlp/yt-dlp/issues?q= , filling out the appropriate issue template. Confirm you are on "
    "the latest version using  yt-dlp -U";

// A release binary at VERSION that replaces itself with `update` ("VERSION", "broken") and, when
// broken_extraction, fails every video the way YouTube breaks old releases.
fs::path install_release(EndToEnd& e, const std::string& version, const std::string& update, bool broken_extraction) {
  const auto path = e.dir / "bin/yt-dlp";
  std::string settings = "YTM_FAKE_YTDLP_VERSION=" + version +
                         " YTM_FAKE_YTDLP_VARIANT=zip YTM_FAKE_YTDLP_SELF=" + path.string() +
                         " YTM_FAKE_YTDLP_UPDATE=" + update;
  if (broken_extraction) settings += " YTM_FAKE_YTDLP_EXTRACT_ERROR='" + signature_error + "'";
  return e.install_ytdlp(settings);
}

// The last update ran two hours ago (and found nothing newer), as the daily one or after an
// extraction error: the daily one is not due, and one after an error is past its hour's spacing.
ytm::UnixTime updated_two_hours_ago(EndToEnd& e, const std::string& version, bool after_error) {
  const auto at = ytm::now_unix() - 7200;
  json state = {{"at", at},
                {"at_iso", ytm::format_iso8601(at)},
                {"reason", after_error ? "extraction error" : "daily"},
                {"from", version},
                {"to", version},
                {"restored", false},
                {"message", "yt-dlp " + version + " is the latest stable release"}};
  if (after_error) state["error_update_at"] = at;
  e.dir.write("state/ytdlp-update.json", state.dump());
  return at;
}

std::optional<ytm::store::VideoRecord> video(const EndToEnd& e, const std::string& id) {
  return ytm::store::Store(e.database()).video(id);
}

bool in_state(const EndToEnd& e, const std::string& id, const char* state) {
  auto v = video(e, id);
  return v && ytm::store::to_string(v->state) == std::string(state);
}

std::unique_ptr<ytm::test::Background> start_watching(EndToEnd& e, const std::string& channel) {
  e.subscribe({channel});
  auto daemon = e.start_daemon();
  REQUIRE(daemon->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
  REQUIRE(eventually([&] { return ytm::store::Store(e.database()).channel(channel).has_value(); }, 15s));
  return daemon;
}

std::string version_of(const fs::path& ytdlp) { return ytm::test::run({ytdlp.string(), "--version"}).out; }

}  // namespace

TEST_CASE("transcript.update: auto updates a release yt-dlp, logged with both versions and shown in status") {
  EndToEnd e;
  const std::string old_version = days_ago(20);
  auto ytdlp = install_release(e, old_version, days_ago(1), false);
  e.use_ytdlp(ytdlp.string());
  auto daemon = e.start_daemon();
  INFO(daemon->log());
  REQUIRE(daemon->wait_for_log("yt-dlp updated from " + old_version + " to " + days_ago(1), 30s));
  CHECK(daemon->log().find("looking for a newer stable release (daily)") != std::string::npos);
  CHECK(version_of(ytdlp) == days_ago(1) + "\n");
  REQUIRE(eventually([&] { return ytm::test::status_port(*daemon) > 0; }, 15s));
  auto api = api_status(*daemon);
  CHECK(api["ytdlp_update"]["from"] == old_version);
  CHECK(api["ytdlp_update"]["to"] == days_ago(1));
  CHECK(fs::exists(e.dir / "state/yt-dlp.previous"));
  // Shown on the status page and by ytmonitor status.
  const std::string shown = "yt-dlp upkeep, " + api["ytdlp_update"]["at_iso"].get<std::string>() +
                            ": yt-dlp updated from " + old_version + " to " + days_ago(1);
  CHECK_THAT(ytm::test::loopback_get(ytm::test::status_port(*daemon), "/").body, Catch::Contains(shown));
  REQUIRE(eventually(
      [&] {
        return ytm::test::ytmonitor({"--config", (e.dir / "config.yaml").string(), "status"}).out.find(shown) !=
               std::string::npos;
      },
      10s));
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
  auto ytdlp = install_release(e, old_version, "broken", false);
  e.use_ytdlp(ytdlp.string());
  auto daemon = e.start_daemon();
  INFO(daemon->log());
  REQUIRE(daemon->wait_for_log("is back in place", 30s));
  CHECK(daemon->log().find("the updated yt-dlp did not answer --version") != std::string::npos);
  CHECK(version_of(ytdlp) == old_version + "\n");
  REQUIRE(eventually([&] { return ytm::test::status_port(*daemon) > 0; }, 15s));
  auto api = api_status(*daemon);
  CHECK(api["ytdlp_update"]["restored"] == true);
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

TEST_CASE(
    "transcript.update: an extraction error newer releases fix updates yt-dlp at once and the video is done with "
    "the new one, and a second such error the same day does not update again") {
  EndToEnd e;
  const std::string old_version = days_ago(6);
  const std::string new_version = days_ago(1);
  updated_two_hours_ago(e, old_version, false);
  auto ytdlp = install_release(e, old_version, new_version, true);
  e.use_ytdlp(ytdlp.string());
  auto channel = e.add_channel("@upkeep", "An old video");
  auto daemon = start_watching(e, channel);
  INFO(daemon->log());
  CHECK(daemon->log().find("looking for a newer") == std::string::npos);  // the daily one is not due
  e.publish(channel, "creatorEN01", "After YouTube changed its player");

  REQUIRE(daemon->wait_for_log("yt-dlp updated from " + old_version + " to " + new_version, 60s));
  CHECK(daemon->log().find("looking for a newer stable release (after an extraction error)") != std::string::npos);
  CHECK(daemon->log().find("Signature extraction failed") != std::string::npos);
  CHECK(version_of(ytdlp) == new_version + "\n");
  // Tried again with the new release at once, not after the ten minutes a paused failure waits.
  REQUIRE(eventually([&] { return in_state(e, "creatorEN01", "done"); }, 120s));
  CHECK(daemon->log().find("1 video(s) the old yt-dlp could not read are tried again now") != std::string::npos);
  CHECK(video(e, "creatorEN01")->attempts == 1);  // a paused failure is no attempt
  CHECK(e.documents().size() == 1);
  auto api = api_status(*daemon);
  CHECK(api["ytdlp_update"]["reason"] == "extraction error");
  CHECK(api["ytdlp_update"]["from"] == old_version);
  CHECK(api["ytdlp_update"]["to"] == new_version);

  // YouTube breaks the new release too, the same day: the video waits; yt-dlp is not updated again.
  install_release(e, new_version, days_ago(0), true);
  e.publish(channel, "autoonly001", "After the next player change");
  REQUIRE(eventually(
      [&] {
        auto v = video(e, "autoonly001");
        return v && v->failure_code == ytm::to_string(ytm::FailureCode::ytdlp_outdated) && ytm::store::to_string(v->state) == std::string("waiting");
      },
      60s));
  REQUIRE(daemon->wait_for_log("the next update for one can be from", 30s));
  std::this_thread::sleep_for(2s);
  CHECK(occurrences(daemon->log(), "looking for a newer") == 1);
  CHECK(version_of(ytdlp) == new_version + "\n");
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

TEST_CASE("transcript.update: a broken update after an extraction error puts the old yt-dlp back and the video waits") {
  EndToEnd e;
  const std::string old_version = days_ago(6);
  updated_two_hours_ago(e, old_version, false);
  auto ytdlp = install_release(e, old_version, "broken", true);
  e.use_ytdlp(ytdlp.string());
  auto channel = e.add_channel("@upkeep", "An old video");
  auto daemon = start_watching(e, channel);
  INFO(daemon->log());
  e.publish(channel, "creatorEN01", "After YouTube changed its player");

  REQUIRE(daemon->wait_for_log("is back in place", 60s));
  CHECK(daemon->log().find("looking for a newer stable release (after an extraction error)") != std::string::npos);
  CHECK(version_of(ytdlp) == old_version + "\n");
  REQUIRE(eventually([&] { return in_state(e, "creatorEN01", "waiting"); }, 30s));
  std::this_thread::sleep_for(3s);
  auto v = video(e, "creatorEN01");
  CHECK(ytm::store::to_string(v->state) == std::string("waiting"));
  CHECK(v->failure_code == ytm::to_string(ytm::FailureCode::ytdlp_outdated));
  CHECK(v->attempts == 0);  // a paused failure is no attempt
  CHECK(daemon->log().find("tried again now") == std::string::npos);
  auto api = api_status(*daemon);
  CHECK(api["ytdlp_update"]["restored"] == true);
  CHECK(api["ytdlp_update"]["reason"] == "extraction error");
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

TEST_CASE("transcript.update: after an extraction error yt-dlp is updated at most once a day") {
  EndToEnd e;
  const std::string version = days_ago(6);
  const auto updated_at = updated_two_hours_ago(e, version, true);
  auto ytdlp = install_release(e, version, days_ago(1), true);
  e.use_ytdlp(ytdlp.string());
  auto channel = e.add_channel("@upkeep", "An old video");
  auto daemon = start_watching(e, channel);
  INFO(daemon->log());
  e.publish(channel, "creatorEN01", "After YouTube changed its player");

  REQUIRE(daemon->wait_for_log("the next update for one can be from " + ytm::format_iso8601(updated_at + 86400), 60s));
  REQUIRE(eventually([&] { return in_state(e, "creatorEN01", "waiting"); }, 30s));
  std::this_thread::sleep_for(2s);
  CHECK(daemon->log().find("looking for a newer") == std::string::npos);
  CHECK(version_of(ytdlp) == version + "\n");
  CHECK(video(e, "creatorEN01")->failure_code == ytm::to_string(ytm::FailureCode::ytdlp_outdated));
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}
