// A bot check end to end, with the pacing a user gets (transcript.min_interval 10 s): `ytmonitor run`
// against the stand-in YouTube and a stand-in yt-dlp that YouTube blocks after N runs, until other
// cookies are given or the block lifts.
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
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

namespace {

namespace fs = std::filesystem;

std::string state_of(const EndToEnd& e, const std::string& id) {
  auto v = ytm::store::Store(e.database()).video(id);
  return v ? ytm::store::to_string(v->state) : "absent";
}

// The runs of the stand-in yt-dlp that asked YouTube for a page (a video's info or a listing), in order.
std::vector<std::vector<std::string>> page_runs(const fs::path& log) {
  std::vector<std::vector<std::string>> runs;
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) {
    auto argv = json::parse(line).get<std::vector<std::string>>();
    const auto joined = json(argv).dump();
    if (joined.find("https://www.youtube.com/") != std::string::npos &&
        joined.find("--load-info-json") == std::string::npos) {
      runs.push_back(argv);
    }
  }
  return runs;
}

std::string option_value(const std::vector<std::string>& argv, const std::string& option) {
  for (std::size_t i = 0; i + 1 < argv.size(); ++i) {
    if (argv[i] == option) return argv[i + 1];
  }
  return "";
}

json youtube_pause(const json& api) {
  for (const auto& p : api.value("paused", json::array())) {
    if (p["stage"] == "youtube") return p;
  }
  return json();
}

std::string cli(const EndToEnd& e, std::vector<std::string> args) {
  args.insert(args.begin(), {"--config", (e.dir / "config.yaml").string()});
  return ytm::test::ytmonitor(args).out;
}

// config.yaml with a line added to its transcript section, renamed over (the daemon reloads it).
void add_transcript_setting(const EndToEnd& e, const std::string& line) {
  auto text = ytm::test::read_file(e.dir / "config.yaml");
  text.insert(text.find("transcript:\n") + 12, "  " + line + "\n");
  e.dir.write("config.yaml.tmp", text);
  fs::rename(e.dir / "config.yaml.tmp", e.dir / "config.yaml");
}

struct Blocked {
  EndToEnd e;
  fs::path log = e.dir / "ytdlp.jsonl";
  std::string channel;
  std::unique_ptr<ytm::test::Background> daemon;

  explicit Blocked(int runs_allowed) {
    e.use_default_pacing();
    e.use_ytdlp(e.install_ytdlp("YTM_FAKE_YTDLP_LOG=" + log.string() + " YTM_FAKE_YTDLP_BOTCHECK_AFTER=" +
                                std::to_string(runs_allowed) + " YTM_FAKE_YTDLP_BOTCHECK_RESET=" +
                                (e.dir / "block-lifted").string())
                    .string());
    channel = e.add_channel("@blocked", "An old video");
    e.subscribe({channel});
    daemon = e.start_daemon();
    REQUIRE(daemon->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
    REQUIRE(eventually([&] { return ytm::store::Store(e.database()).channel(channel).has_value(); }, 15s));
  }
  void publish(const std::vector<std::string>& ids) {
    for (const auto& id : ids) e.publish(channel, id, "Upload " + id);
  }
  json pause_within(std::chrono::seconds within) {
    json pause;
    eventually(
        [&] {
          pause = youtube_pause(api_status(*daemon));
          return !pause.is_null();
        },
        within);
    return pause;
  }
};

}  // namespace

TEST_CASE("a bot check pauses every yt-dlp run, says so in status and doctor, and new cookies on reload end it") {
  Blocked b(1);
  const std::vector<std::string> ids{"bulk0000011", "bulk0000012", "bulk0000013", "bulk0000014"};
  b.publish(ids);
  INFO(b.daemon->log());
  auto pause = b.pause_within(60s);
  REQUIRE_FALSE(pause.is_null());
  CHECK(pause["code"] == "bot_check");
  CHECK_THAT(pause["text"].get<std::string>(), Catch::StartsWith("youtube work paused until "));
  CHECK_THAT(pause["reason"].get<std::string>(), Catch::Contains("Sign in to confirm you're not a bot"));
  CHECK_THAT(pause["fix"].get<std::string>(),
             Catch::Contains("transcript.cookies_file") && Catch::Contains("PO-token provider") &&
                 Catch::Contains("docs/troubleshooting.md"));
  auto until = ytm::parse_iso8601(pause["until"].get<std::string>());
  REQUIRE(until);
  CHECK(*until - ytm::now_unix() > 3500);  // an hour
  CHECK(*until - ytm::now_unix() <= 3600);

  // The other queued videos meet the pause, not YouTube: they wait without using an attempt.
  REQUIRE(eventually(
      [&] {
        int waiting = 0;
        for (const auto& id : ids) waiting += state_of(b.e, id) == "waiting";
        return waiting == 3;
      },
      30s));
  std::this_thread::sleep_for(12s);  // more than transcript.min_interval: nothing else asks YouTube
  CHECK(page_runs(b.log).size() == 2);
  int done = 0;
  for (const auto& id : ids) {
    auto v = ytm::store::Store(b.e.database()).video(id);
    REQUIRE(v);
    if (ytm::store::to_string(v->state) == std::string("done")) {
      ++done;
      continue;
    }
    CHECK(ytm::store::to_string(v->state) == std::string("waiting"));
    CHECK(v->failure_code == ytm::to_string(ytm::FailureCode::bot_check));
    CHECK(v->attempts == 0);
  }
  CHECK(done == 1);

  // `ytmonitor status`, the status page and doctor say so, not "every check passes".
  std::string status;
  REQUIRE(eventually(
      [&] {
        status = cli(b.e, {"status"});
        return status.find("youtube work paused until") != std::string::npos;
      },
      10s));
  CHECK_THAT(status, Catch::Contains("Needs attention:") && Catch::Contains("Fix: YouTube blocks this address"));
  CHECK(status.find("every check passes") == std::string::npos);
  auto page = ytm::test::loopback_get(status_port(*b.daemon), "/").body;
  CHECK(page.find("youtube work paused until") != std::string::npos);
  auto doctor = ytm::test::ytmonitor({"--config", (b.e.dir / "config.yaml").string(), "doctor", "--no-model-call"});
  INFO(doctor.out);
  CHECK(doctor.exit_code == 1);
  CHECK(doctor.out.find("\n\xE2\x9C\x97 youtube: youtube work paused until ") != std::string::npos);
  CHECK(doctor.out.find("Every required check passes") == std::string::npos);

  // Cookies of a signed-in account, set by a reload: the pause ends at once and the videos go.
  b.e.dir.write("cookies.txt", "# Netscape HTTP Cookie File\n"
                               ".youtube.com\tTRUE\t/\tTRUE\t1900000000\t__Secure-3PSID\tsigned-in\n");
  add_transcript_setting(b.e, "cookies_file: cookies.txt");
  REQUIRE(b.daemon->wait_for_log("YouTube work resumes: transcript.cookies_file changed", 15s));
  REQUIRE(eventually(
      [&] {
        for (const auto& id : ids) {
          if (state_of(b.e, id) != "done") return false;
        }
        return true;
      },
      90s));
  CHECK(youtube_pause(api_status(*b.daemon)).is_null());

  // Every run had the cookie jar, then the user's file; and --sleep-subtitles.
  const auto runs = page_runs(b.log);
  REQUIRE(runs.size() == 5);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    INFO("run " << i << ": " << json(runs[i]).dump());
    CHECK(option_value(runs[i], "--cookies") ==
          (i < 2 ? (b.e.dir / "state/youtube-cookies.txt").string() : (b.e.dir / "cookies.txt").string()));
    CHECK(option_value(runs[i], "--sleep-subtitles") == "5");
  }
  b.daemon->signal(SIGTERM);
  CHECK(b.daemon->wait(10s) == 0);
}

TEST_CASE("ytmonitor retry --failed takes the videos a bot check holds back and ends the pause at once") {
  Blocked b(2);
  const std::vector<std::string> ids{"bulk0000021", "bulk0000022", "bulk0000023", "bulk0000024"};
  b.publish(ids);
  INFO(b.daemon->log());
  REQUIRE_FALSE(b.pause_within(90s).is_null());
  REQUIRE(eventually(
      [&] {
        int waiting = 0;
        for (const auto& id : ids) waiting += state_of(b.e, id) == "waiting";
        return waiting == 2;
      },
      30s));
  CHECK(page_runs(b.log).size() == 3);
  // The jar was shared: YouTube's visitor cookie, written back by the first run, is in it.
  CHECK(ytm::test::read_file(b.e.dir / "state/youtube-cookies.txt").find("VISITOR_INFO1_LIVE") != std::string::npos);

  b.e.dir.write("block-lifted", "");  // YouTube lets this session through again
  auto retry = cli(b.e, {"retry", "--failed"});
  CHECK_THAT(retry, Catch::Contains("2 videos queued again"));
  CHECK_THAT(retry, Catch::Contains("YouTube work was paused (bot_check): the daemon tries again now"));
  REQUIRE(b.daemon->wait_for_log("YouTube work resumes: ytmonitor retry asked to try again", 15s));
  REQUIRE(eventually(
      [&] {
        for (const auto& id : ids) {
          if (state_of(b.e, id) != "done") return false;
        }
        return true;
      },
      60s));
  CHECK(page_runs(b.log).size() == 5);
  CHECK(youtube_pause(api_status(*b.daemon)).is_null());
  b.daemon->signal(SIGTERM);
  CHECK(b.daemon->wait(10s) == 0);
}

TEST_CASE("a bot-check pause outlives a kill -9: the restarted daemon asks YouTube nothing until retry ends it") {
  Blocked b(2);
  b.publish({"bulk0000031", "bulk0000032", "bulk0000033"});
  INFO(b.daemon->log());
  const json pause = b.pause_within(60s);
  REQUIRE_FALSE(pause.is_null());
  REQUIRE(eventually([&] { return ytm::store::Store(b.e.database()).bot_check_pause().has_value(); }, 10s));
  b.daemon->signal(SIGKILL);
  b.daemon->wait(5s);
  CHECK(page_runs(b.log).size() == 3);

  auto second = b.e.start_daemon("second.log");
  INFO(second->log());
  REQUIRE(second->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
  CHECK_THAT(second->log(), Catch::Contains("the bot-check pause of the last run holds: no yt-dlp run (videos, "
                                            "channel listings) until " + pause["until"].get<std::string>()));
  CHECK(youtube_pause(api_status(*second))["until"] == pause["until"]);
  // An upload found after the restart meets the pause, not YouTube.
  b.e.publish(b.channel, "bulk0000034", "After the restart");
  const bool held_back = eventually([&] { return state_of(b.e, "bulk0000034") == "waiting"; }, 60s);
  INFO(second->log());
  REQUIRE(held_back);
  CHECK(page_runs(b.log).size() == 3);
  const auto held = ytm::store::Store(b.e.database()).video("bulk0000034");
  REQUIRE(held);
  CHECK(held->failure_code == ytm::to_string(ytm::FailureCode::bot_check));
  CHECK(held->attempts == 0);
  second->signal(SIGTERM);
  CHECK(second->wait(10s) == 0);

  // The block lifts; `ytmonitor retry --failed` while the daemon is stopped ends the saved pause.
  b.e.dir.write("block-lifted", "");
  CHECK_THAT(cli(b.e, {"retry", "--failed"}),
             Catch::Contains("2 videos queued again") &&
                 Catch::Contains("YouTube work was paused (bot_check) when the daemon stopped: it tries again when "
                                 "it starts"));
  auto third = b.e.start_daemon("third.log");
  const bool all_done = eventually(
      [&] {
        for (const std::string id : {"bulk0000031", "bulk0000032", "bulk0000033", "bulk0000034"}) {
          if (state_of(b.e, id) != "done") return false;
        }
        return true;
      },
      90s);
  INFO(third->log());
  REQUIRE(all_done);
  CHECK(third->log().find("pause of the last run holds") == std::string::npos);
  CHECK(page_runs(b.log).size() == 5);
  CHECK(youtube_pause(api_status(*third)).is_null());
  third->signal(SIGTERM);
  CHECK(third->wait(10s) == 0);
}
