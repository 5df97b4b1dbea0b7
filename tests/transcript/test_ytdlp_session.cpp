// YouTube's session as every yt-dlp run shares it: the bot-check pause's bookkeeping (times given,
// so each step is exact), the cookie jar, --sleep-subtitles, and --js-runtimes only for a yt-dlp
// that takes it (the version read from the stand-in yt-dlp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "run_async.hpp"
#include "support/temp_dir.hpp"
#include "transcript/bot_check_pause.hpp"
#include "transcript/classify.hpp"
#include "transcript/fetch.hpp"

using namespace ytm::transcript;
using ytm::Failure;
using ytm::FailureCode;
using ytm::FailureKind;
using ytm::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr ytm::UnixTime t0 = 1'800'000'000;
constexpr long long hour = 3600;

Failure bot_check() {
  return classify_ytdlp_failure({1,
                                 "ERROR: [youtube] bulk0000002: Sign in to confirm you\xE2\x80\x99re not a bot. This "
                                 "helps protect our community. Learn more",
                                 false, false, t0});
}

bool has(const std::vector<std::string>& argv, const std::string& option, const std::string& value) {
  for (std::size_t i = 0; i + 1 < argv.size(); ++i) {
    if (argv[i] == option && argv[i + 1] == value) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a bot check pauses every run for an hour, then lets one through, and another bot check doubles the pause") {
  BotCheckPause pause;
  std::vector<std::string> changes;
  pause.on_change = [&](const std::string& why) { changes.push_back(why); };
  CHECK_FALSE(pause.refuse(t0).has_value());
  pause.saw(nullptr, t0);
  CHECK_FALSE(pause.state().has_value());

  auto bot = bot_check();
  REQUIRE(bot.code == ytm::FailureCode::bot_check);
  CHECK(bot.kind == FailureKind::paused);  // the session is blocked, not the video: no attempt used
  pause.saw(&bot, t0);
  REQUIRE(pause.state().has_value());
  CHECK(pause.state()->until == t0 + hour);
  CHECK(changes == std::vector<std::string>{"a bot check"});

  auto refused = pause.refuse(t0 + 600);
  REQUIRE(refused.has_value());
  CHECK(refused->kind == FailureKind::paused);
  CHECK(refused->code == ytm::FailureCode::bot_check);
  CHECK(refused->retry_after == std::chrono::seconds(hour - 600));
  CHECK(pause.holds(t0 + 600));

  // Runs that began before the pause and end in it change nothing.
  pause.saw(&bot, t0 + 700);
  pause.saw(nullptr, t0 + 800);
  CHECK(pause.state()->until == t0 + hour);

  CHECK_FALSE(pause.refuse(t0 + hour).has_value());  // the probe
  auto while_probing = pause.refuse(t0 + hour + 5);
  REQUIRE(while_probing.has_value());
  CHECK(while_probing->retry_after == std::chrono::seconds(60));

  pause.saw(&bot, t0 + hour + 30);
  CHECK(pause.state()->length == std::chrono::hours(2));
  CHECK(pause.state()->until == t0 + hour + 30 + 2 * hour);
  CHECK(changes.size() == 2);

  // 4, 8, 16, 32, then 48 h at most.
  ytm::UnixTime now = pause.state()->until;
  const long long expected[] = {4, 8, 16, 32, 48, 48};
  for (long long hours : expected) {
    REQUIRE_FALSE(pause.refuse(now).has_value());
    pause.saw(&bot, now);
    CHECK(pause.state()->length == std::chrono::hours(hours));
    now = pause.state()->until;
  }

  REQUIRE_FALSE(pause.refuse(now).has_value());
  pause.saw(nullptr, now + 20);  // YouTube answered
  CHECK_FALSE(pause.state().has_value());
  CHECK(changes.back() == "YouTube answered the probe");
  CHECK_FALSE(pause.refuse(now + 21).has_value());
}

TEST_CASE("a probe that says nothing about the block (network, 429) or never ends leads to another probe") {
  BotCheckPause pause;
  auto bot = bot_check();
  pause.saw(&bot, t0);
  REQUIRE_FALSE(pause.refuse(t0 + hour).has_value());
  auto network = Failure::transient(ytm::FailureCode::network, "could not reach YouTube");
  pause.saw(&network, t0 + hour + 10);
  REQUIRE(pause.state().has_value());
  CHECK(pause.state()->length == std::chrono::hours(1));
  REQUIRE_FALSE(pause.refuse(t0 + hour + 20).has_value());  // probes again

  REQUIRE(pause.refuse(t0 + hour + 60).has_value());  // its end never reported...
  CHECK_FALSE(pause.refuse(t0 + hour + 20 + BotCheckPause::probe_lost.count()).has_value());  // ...given up

  auto removed = Failure::permanent(ytm::FailureCode::removed, "Video unavailable");
  pause.saw(&removed, t0 + 2 * hour);  // YouTube answered about the video: the block is over
  CHECK_FALSE(pause.state().has_value());
}

TEST_CASE("what the user does ends the pause at once") {
  BotCheckPause pause;
  std::string why;
  pause.on_change = [&](const std::string& w) { why = w; };
  CHECK_FALSE(pause.end("nothing to end"));
  auto bot = bot_check();
  pause.saw(&bot, t0);
  CHECK(pause.end("transcript.cookies_file changed"));
  CHECK(why == "transcript.cookies_file changed");
  CHECK_FALSE(pause.refuse(t0 + 1).has_value());
  pause.saw(&bot, t0 + 2);  // a new block starts at an hour again
  CHECK(pause.state()->length == std::chrono::hours(1));
}

TEST_CASE("a pause taken up after a restart holds until its end, or lets the probe through once past it") {
  auto bot = bot_check();
  const ytm::transcript::BotCheckPauseState left{t0, t0 + 2 * hour, std::chrono::hours(2), bot.message, t0 + 10};
  BotCheckPause held;
  std::string why;
  held.on_change = [&](const std::string& w) { why = w; };
  held.restore(left, t0 + hour);
  CHECK(why == "the pause of the last run");
  CHECK_FALSE(held.state()->probe_since.has_value());  // the old run's probe died with it
  const auto refused = held.refuse(t0 + hour);
  REQUIRE(refused.has_value());
  CHECK(refused->retry_after == std::chrono::seconds(hour));
  BotCheckPause over;
  over.restore(left, t0 + 3 * hour);
  CHECK_FALSE(over.refuse(t0 + 3 * hour).has_value());  // the probe
  over.saw(&bot, t0 + 3 * hour + 5);                     // still blocked: the pause doubles
  CHECK(over.state()->length == std::chrono::hours(4));
}

TEST_CASE("every yt-dlp run gets the cookie jar in state_dir (made 0600, Netscape), or the user's cookies file") {
  TempDir dir;
  ytm::config::TranscriptSettings s;
  s.cookie_jar = ytm::config::cookie_jar_in(dir / "state");
  const auto jar = (dir / "state/youtube-cookies.txt").string();
  const auto video = ytdlp_argv(s, "creatorEN01", dir.path());
  CHECK(has(video, "--cookies", jar));
  CHECK(has(video, "--sleep-subtitles", "5"));
  const auto listing = ytdlp_listing_argv(s, "https://www.youtube.com/channel/UCtestchannel0000000000/videos", 15);
  CHECK(has(listing, "--cookies", jar));
  CHECK(std::find(listing.begin(), listing.end(), "--sleep-subtitles") == listing.end());
  REQUIRE(fs::exists(jar));
  CHECK(ytm::test::read_file(jar).rfind("# Netscape HTTP Cookie File\n", 0) == 0);
  CHECK((fs::status(jar).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);

  dir.write("state/youtube-cookies.txt",
            "# Netscape HTTP Cookie File\n.youtube.com\tTRUE\t/\tTRUE\t0\tVISITOR_INFO1_LIVE\tx\n");
  (void)ytdlp_shared_args(s);
  CHECK(ytm::test::read_file(jar).find("VISITOR_INFO1_LIVE") != std::string::npos);  // never overwritten

  s.cookies_file = (dir / "mine.txt").string();
  CHECK(has(ytdlp_shared_args(s), "--cookies", s.cookies_file));
  CHECK_FALSE(has(ytdlp_shared_args(s), "--cookies", jar));
}

TEST_CASE("the JavaScript runtime option is passed only once the version check shows a yt-dlp that takes it") {
  TempDir dir;
  auto wrapper = [&](const std::string& version) {
    auto path = dir.write("yt-dlp-" + version,
                          "#!/bin/sh\nYTM_FAKE_YTDLP_VERSION=" + version + " exec " YTM_TESTS_DIR "/fakes/yt-dlp \"$@\"\n");
    fs::permissions(path, fs::perms::owner_all);
    return path.string();
  };
  ytm::config::TranscriptSettings s;
  s.js_runtime = "node";
  s.command = wrapper("2025.10.22");
  CHECK(has(ytdlp_shared_args(s), "--js-runtimes", "node"));  // not checked yet: taken as current
  boost::asio::io_context io;
  auto old = ytm::test::run_async(io, check_ytdlp(io.get_executor(), s));
  REQUIRE(old.ok());
  CHECK_FALSE(accepts_js_runtimes(s.command));
  const auto args = ytdlp_shared_args(s);
  CHECK(std::find(args.begin(), args.end(), "--js-runtimes") == args.end());

  s.command = wrapper("2025.11.12");
  boost::asio::io_context io2;
  REQUIRE(ytm::test::run_async(io2, check_ytdlp(io2.get_executor(), s)).ok());
  CHECK(has(ytdlp_shared_args(s), "--js-runtimes", "node"));
}
