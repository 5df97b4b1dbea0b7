#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "run_async.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"
#include "transcript/fetch.hpp"

using namespace ytm::transcript;
using ytm::FailureCode;
using ytm::FailureKind;
using ytm::test::TempDir;
namespace fs = std::filesystem;

namespace {

const fs::path fakes = fs::path(YTM_TESTS_DIR) / "fakes";

ytm::config::TranscriptSettings fake_settings() {
  ytm::config::TranscriptSettings s;
  s.command = (fakes / "yt-dlp").string();
  s.languages = {"en"};
  s.timeout = std::chrono::seconds(30);
  return s;
}

ytm::Outcome<FetchedVideo> fetch(const std::string& video,
                                 const ytm::config::TranscriptSettings& settings = fake_settings()) {
  boost::asio::io_context io;
  auto gate = std::make_shared<ytm::transcript::YtdlpGate>(settings.min_interval);
  return ytm::test::run_async(io, fetch_video(io.get_executor(), gate, settings, video));
}

std::vector<nlohmann::json> logged_runs(const fs::path& log) {
  std::vector<nlohmann::json> runs;
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) runs.push_back(nlohmann::json::parse(line));
  return runs;
}

// The stand-in logs each run's argv here while the object lives.
struct RunLog {
  TempDir dir;
  fs::path file = dir / "runs.jsonl";
  RunLog() { ::setenv("YTM_FAKE_YTDLP_LOG", file.c_str(), 1); }
  ~RunLog() { ::unsetenv("YTM_FAKE_YTDLP_LOG"); }
};

}  // namespace

TEST_CASE("creator captions in the video's language win, with the metadata from the info JSON") {
  RunLog log;
  auto fetched = fetch("https://www.youtube.com/watch?v=creatorEN01&t=10s");
  REQUIRE(fetched.ok());
  const auto& m = fetched->metadata;
  CHECK(m.id == "creatorEN01");
  CHECK(m.title == "Test video creatorEN01");
  CHECK(m.channel == "Test Channel");
  CHECK(m.channel_id == "UCtestchannel0000000000");
  CHECK(m.upload_date == "20251101");
  CHECK(m.timestamp == 1761955200);
  CHECK(m.duration == Approx(754));
  REQUIRE(m.chapters.size() == 2);
  CHECK(m.chapters[1].title == "Chips & power");
  CHECK(m.chapters[1].start == Approx(300));
  CHECK(m.live_status == "not_live");
  CHECK(m.availability == "public");
  CHECK(m.language == "en");
  CHECK(m.tags == std::vector<std::string>{"chips", "energy"});
  const auto& t = fetched->transcript;
  CHECK(t.source == TranscriptSource::creator);
  CHECK(t.language == "en");
  REQUIRE_FALSE(t.segments.empty());
  CHECK(t.segments.front().text == "Welcome back to the show.");

  // Two runs: the info (the one page fetch), then only the chosen track, from the info JSON.
  auto runs = logged_runs(log.file);
  REQUIRE(runs.size() == 2);
  auto info_run = runs[0].get<std::vector<std::string>>();
  auto has = [](const std::vector<std::string>& argv, const char* flag) {
    return std::find(argv.begin(), argv.end(), flag) != argv.end();
  };
  for (const char* flag : {"--skip-download", "--write-info-json", "--no-progress"}) CHECK(has(info_run, flag));
  CHECK_FALSE(has(info_run, "--write-subs"));
  CHECK_FALSE(has(info_run, "--write-auto-subs"));
  CHECK(info_run.back() == "https://www.youtube.com/watch?v=creatorEN01");
  auto track_run = runs[1].get<std::vector<std::string>>();
  auto info_json = std::find(track_run.begin(), track_run.end(), "--load-info-json");
  REQUIRE(info_json != track_run.end());
  CHECK(fs::path(*(info_json + 1)).filename() == "creatorEN01.info.json");
  CHECK(has(track_run, "--write-subs"));
  CHECK_FALSE(has(track_run, "--write-auto-subs"));
  auto langs = std::find(track_run.begin(), track_run.end(), "--sub-langs");
  REQUIRE(langs != track_run.end());
  CHECK(*(langs + 1) == "en");
  CHECK(std::none_of(track_run.begin(), track_run.end(),
                     [](const std::string& a) { return a.find("youtube.com") != std::string::npos; }));
  auto folder = std::find(info_run.begin(), info_run.end(), "-P");
  REQUIRE(folder != info_run.end());
  CHECK_FALSE(fs::exists(*(folder + 1)));  // the fetch's own folder is cleaned up
}

TEST_CASE("without creator captions the original-language automatic track is used") {
  auto fetched = fetch("autoonly001");
  REQUIRE(fetched.ok());
  CHECK(fetched->transcript.source == TranscriptSource::automatic);
  CHECK(fetched->transcript.language == "en");
  CHECK(fetched->transcript.track_name == "English (Original)");
  REQUIRE(fetched->transcript.segments.size() == 4);
  CHECK(fetched->transcript.segments[1].text ==
        "so today we're going to talk about AT&T's new chip and why it matters okay");
}

TEST_CASE("a Japanese video uses its ja-orig track, not the creator's English translation") {
  auto fetched = fetch("https://youtu.be/japanese001");
  REQUIRE(fetched.ok());
  CHECK(fetched->transcript.language == "ja");
  CHECK(fetched->transcript.source == TranscriptSource::automatic);
  REQUIRE_FALSE(fetched->transcript.segments.empty());
  CHECK(fetched->transcript.segments.front().text == "今日は新しいチップについて話します。");
}

TEST_CASE("yt-dlp's failures become the failure kinds the queue acts on") {
  struct Case {
    const char* id;
    FailureKind kind;
    FailureCode code;
    const char* message_part;
  };
  const Case cases[] = {
      {"private0001", FailureKind::permanent, ytm::FailureCode::private_video, "private"},
      {"members0001", FailureKind::permanent, ytm::FailureCode::members_only, "members"},
      {"removed0001", FailureKind::permanent, ytm::FailureCode::removed, "removed"},
      {"zzzzzzzzzzz", FailureKind::permanent, ytm::FailureCode::removed, "unavailable"},
      {"agelimit001", FailureKind::permanent, ytm::FailureCode::age_restricted, "transcript.cookies_file"},
      {"botcheck001", FailureKind::paused, ytm::FailureCode::bot_check, "transcript.cookies_file"},
      {"ratelimit01", FailureKind::transient, ytm::FailureCode::http_status, "429"},
      {"network0001", FailureKind::transient, ytm::FailureCode::network, "could not reach"},
      {"outdated001", FailureKind::paused, ytm::FailureCode::ytdlp_outdated, "update"},
      {"livenow0001", FailureKind::transient, ytm::FailureCode::live_now, "live"},
      {"nocaptions1", FailureKind::permanent, ytm::FailureCode::no_captions, "transcript.whisper"},
      {"potokenempt", FailureKind::transient, ytm::FailureCode::captions_blocked, "the en-orig track is an empty file"},
      {"potokendrop", FailureKind::transient, ytm::FailureCode::captions_blocked, "dropped the caption tracks"},
      {"nojson3evnt", FailureKind::transient, ytm::FailureCode::captions_blocked, "the en-orig track has no captions in it"},
      {"novttcues01", FailureKind::transient, ytm::FailureCode::captions_blocked, "the en track has no captions in it"},
      {"youngnoauto", FailureKind::transient, ytm::FailureCode::captions_pending, "10 minutes ago"},
  };
  for (const auto& c : cases) {
    INFO(c.id);
    auto fetched = fetch(c.id);
    REQUIRE_FALSE(fetched.ok());
    CHECK(fetched.failure().kind == c.kind);
    CHECK(fetched.failure().code == c.code);
    if (c.code == ytm::FailureCode::http_status) CHECK(fetched.failure().code_text() == "http_429");
    CHECK_THAT(fetched.failure().message, Catch::Contains(c.message_part));
  }
}

TEST_CASE("a bot check backs off for hours, and upcoming streams and premieres wait for their start") {
  auto bot = fetch("botcheck001");
  REQUIRE_FALSE(bot.ok());
  REQUIRE(bot.failure().retry_after);
  CHECK(*bot.failure().retry_after >= std::chrono::hours(1));

  auto upcoming = fetch("upcoming001");
  REQUIRE_FALSE(upcoming.ok());
  CHECK(upcoming.failure().code == ytm::FailureCode::upcoming);
  REQUIRE(upcoming.failure().retry_after);
  CHECK(upcoming.failure().retry_after->count() == Approx(7200).margin(60));

  auto premiere = fetch("premiere001");
  REQUIRE_FALSE(premiere.ok());
  CHECK(premiere.failure().code == ytm::FailureCode::upcoming);
  REQUIRE(premiere.failure().retry_after);
  CHECK(premiere.failure().retry_after->count() == 3 * 86400);
}

TEST_CASE("cookies let an age-restricted video through and are passed to yt-dlp") {
  TempDir dir;
  auto settings = fake_settings();
  settings.cookies_file = dir.write("cookies.txt",
                                    "# Netscape HTTP Cookie File\n"
                                    ".youtube.com\tTRUE\t/\tTRUE\t1900000000\t__Secure-3PSID\tsigned-in\n")
                              .string();
  auto fetched = fetch("agelimit001", settings);
  REQUIRE(fetched.ok());
  CHECK(fetched->transcript.source == TranscriptSource::automatic);

  settings.cookies_file = (dir / "missing.txt").string();
  auto missing = fetch("agelimit001", settings);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.failure().kind == FailureKind::paused);
  CHECK(missing.failure().code == ytm::FailureCode::cookies_missing);
}

TEST_CASE("a missing yt-dlp pauses with a message that names it and the setting") {
  auto settings = fake_settings();
  settings.command = "/opt/nowhere/yt-dlp";
  auto fetched = fetch("creatorEN01", settings);
  REQUIRE_FALSE(fetched.ok());
  CHECK(fetched.failure().kind == FailureKind::paused);
  CHECK(fetched.failure().code == ytm::FailureCode::command_missing);
  CHECK_THAT(fetched.failure().message,
             Catch::Contains("/opt/nowhere/yt-dlp") && Catch::Contains("transcript.command"));
}

TEST_CASE("bad extra arguments pause with yt-dlp's own complaint") {
  auto settings = fake_settings();
  settings.extra_args = {"--no-such-flag"};
  auto fetched = fetch("creatorEN01", settings);
  REQUIRE_FALSE(fetched.ok());
  CHECK(fetched.failure().kind == FailureKind::paused);
  CHECK(fetched.failure().code == ytm::FailureCode::ytdlp_options);
  CHECK_THAT(fetched.failure().message, Catch::Contains("--no-such-flag"));
}

TEST_CASE("a yt-dlp that hangs is stopped at the timeout, with its children") {
  TempDir dir;
  auto pids = dir / "pids";
  ::setenv("YTM_FAKE_YTDLP_PIDS", pids.c_str(), 1);
  auto settings = fake_settings();
  settings.timeout = std::chrono::milliseconds(1500);
  auto begin = std::chrono::steady_clock::now();
  auto fetched = fetch("hangforever", settings);
  ::unsetenv("YTM_FAKE_YTDLP_PIDS");
  CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds(15));
  REQUIRE_FALSE(fetched.ok());
  CHECK(fetched.failure().kind == FailureKind::transient);
  CHECK(fetched.failure().code == ytm::FailureCode::timeout);
  auto started = ytm::test::read_pids(pids.string(), 2);
  REQUIRE(started.size() == 2);
  CHECK(ytm::test::process_ends(started[0]));
  CHECK(ytm::test::process_ends(started[1]));
}

TEST_CASE("10 MB of yt-dlp warnings on stderr do not stop the transcript") {
  auto fetched = fetch("noisystderr");
  REQUIRE(fetched.ok());
  CHECK(fetched->transcript.source == TranscriptSource::creator);
  CHECK_FALSE(fetched->transcript.segments.empty());
}

TEST_CASE("without captions, whisper.cpp transcribes the audio when it is set up") {
  TempDir dir;
  auto settings = fake_settings();
  settings.whisper.command = (fakes / "whisper-cli").string();
  settings.whisper.ffmpeg = (fakes / "ffmpeg").string();
  settings.whisper.model = dir.write("ggml-base.bin", "not really a model").string();
  auto fetched = fetch("whisper0001", settings);
  REQUIRE(fetched.ok());
  const auto& t = fetched->transcript;
  CHECK(t.source == TranscriptSource::whisper);
  CHECK(t.language == "en");
  REQUIRE(t.segments.size() == 3);
  CHECK(t.segments[0].text == "Hello and welcome to the channel.");

  settings.whisper.model = (dir / "gone.bin").string();
  auto no_model = fetch("whisper0001", settings);
  REQUIRE_FALSE(no_model.ok());
  CHECK(no_model.failure().code == ytm::FailureCode::whisper_model_missing);
  CHECK(no_model.failure().kind == FailureKind::paused);

  settings.whisper.model = dir.write("ggml-base.bin", "x").string();
  settings.whisper.ffmpeg = "ytm-no-ffmpeg-here";
  auto no_ffmpeg = fetch("whisper0001", settings);
  REQUIRE_FALSE(no_ffmpeg.ok());
  CHECK(no_ffmpeg.failure().code == ytm::FailureCode::command_missing);
  CHECK_THAT(no_ffmpeg.failure().message, Catch::Contains("transcript.whisper.ffmpeg"));
}

TEST_CASE("video ids are read from ids and the URL forms people paste") {
  CHECK(ytm::video_id_from("dQw4w9WgXcQ") == "dQw4w9WgXcQ");
  CHECK(ytm::video_id_from("https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL1") == "dQw4w9WgXcQ");
  CHECK(ytm::video_id_from("https://youtu.be/-abcdefghij?si=x") == "-abcdefghij");
  CHECK(ytm::video_id_from("https://www.youtube.com/shorts/abcdefghijk") == "abcdefghijk");
  CHECK(ytm::video_id_from("https://www.youtube.com/live/abcdefghijk?feature=share") == "abcdefghijk");
  CHECK(ytm::video_id_from("https://www.youtube.com/@channel") == std::nullopt);
  CHECK(ytm::video_id_from("dQw4w9WgXcQextra") == std::nullopt);
  auto bad = fetch("not a video");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.failure().code == ytm::FailureCode::bad_video);
}

TEST_CASE("the yt-dlp version check warns about an old yt-dlp") {
  boost::asio::io_context io;
  auto current = ytm::test::run_async(io, check_ytdlp(io.get_executor(), fake_settings()));
  REQUIRE(current.ok());
  CHECK(current->version.size() == 10);
  CHECK(current->age_days == 10);
  CHECK_FALSE(current->outdated);
  CHECK(current->advice.empty());
  ::setenv("YTM_FAKE_YTDLP_VERSION", "2023.03.04", 1);
  auto old = ytm::test::run_async(io, check_ytdlp(io.get_executor(), fake_settings()));
  ::unsetenv("YTM_FAKE_YTDLP_VERSION");
  REQUIRE(old.ok());
  CHECK(old->outdated);
  CHECK(old->age_days > 900);
  CHECK_THAT(old->advice, Catch::Contains("update"));
  // The check remembers what it read (no --js-runtimes for the old one): the current one again.
  REQUIRE(ytm::test::run_async(io, check_ytdlp(io.get_executor(), fake_settings())).ok());
  CHECK(accepts_js_runtimes(fake_settings().command));
}

namespace {

// PATH, while the object lives, is a folder with python3 (the stand-in yt-dlp runs on it) and
// stand-ins of these JavaScript runtimes.
struct RuntimesOnPath {
  TempDir dir;
  std::string saved = std::getenv("PATH") ? std::getenv("PATH") : "";
  using Runtimes = std::vector<std::pair<std::string, std::string>>;  // name, what --version prints
  explicit RuntimesOnPath(const Runtimes& runtimes) {
    fs::create_directories(dir / "bin");
    for (const char* tool : {"/usr/bin/env", "/usr/bin/python3"}) {
      fs::create_symlink(fs::canonical(tool), dir / "bin" / fs::path(tool).filename());
    }
    for (const auto& [name, version] : runtimes) {
      fs::permissions(dir.write("bin/" + name, "#!/bin/sh\necho '" + version + "'\n"), fs::perms::owner_all);
    }
    ::setenv("PATH", (dir / "bin").c_str(), 1);
  }
  ~RuntimesOnPath() { ::setenv("PATH", saved.c_str(), 1); }
};

// The --js-runtimes value of every yt-dlp run, "" where none was passed.
std::vector<std::string> runtimes_passed(const fs::path& log) {
  std::vector<std::string> out;
  for (const auto& argv : logged_runs(log)) {
    auto args = argv.get<std::vector<std::string>>();
    auto at = std::find(args.begin(), args.end(), "--js-runtimes");
    out.push_back(at != args.end() && at + 1 != args.end() ? *(at + 1) : "");
  }
  return out;
}

}  // namespace

TEST_CASE("the JavaScript runtime yt-dlp runs with: Node is named with --js-runtimes node, Deno is found by yt-dlp") {
  RunLog log;
  auto settings = fake_settings();
  SECTION("only Node on PATH") {
    RuntimesOnPath path(RuntimesOnPath::Runtimes{{"node", "v20.20.2"}});
    REQUIRE(fetch("creatorEN01", settings).ok());
    CHECK(runtimes_passed(log.file) == std::vector<std::string>(runtimes_passed(log.file).size(), "node"));
  }
  SECTION("Deno and Node on PATH: yt-dlp enables Deno itself") {
    RuntimesOnPath path(RuntimesOnPath::Runtimes{{"deno", "deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)"},
                                                 {"node", "v20.20.2"}});
    REQUIRE(fetch("creatorEN01", settings).ok());
    CHECK(runtimes_passed(log.file) == std::vector<std::string>(runtimes_passed(log.file).size(), ""));
  }
  SECTION("transcript.js_runtime names one") {
    settings.js_runtime = "bun:/opt/bun/bin/bun";
    REQUIRE(fetch("creatorEN01", settings).ok());
    CHECK(runtimes_passed(log.file) ==
          std::vector<std::string>(runtimes_passed(log.file).size(), "bun:/opt/bun/bin/bun"));
  }
  SECTION("transcript.js_runtime: none passes nothing, even with Node on PATH") {
    RuntimesOnPath path(RuntimesOnPath::Runtimes{{"node", "v20.20.2"}});
    settings.js_runtime = "none";
    REQUIRE(fetch("creatorEN01", settings).ok());
    CHECK(runtimes_passed(log.file) == std::vector<std::string>(runtimes_passed(log.file).size(), ""));
  }
  CHECK_FALSE(runtimes_passed(log.file).empty());
}

namespace {

// Every --sub-langs value the stand-in was asked for.
std::vector<std::string> asked_tracks(const fs::path& log) {
  std::vector<std::string> out;
  for (const auto& run : logged_runs(log)) {
    auto argv = run.get<std::vector<std::string>>();
    auto at = std::find(argv.begin(), argv.end(), "--sub-langs");
    if (at != argv.end() && at + 1 != argv.end()) out.push_back(*(at + 1));
  }
  return out;
}

}  // namespace

TEST_CASE("a Chinese video with languages [en] is read from its zh-Hans creator track, or else zh-orig") {
  RunLog log;
  auto fetched = fetch("chinese0001");  // languages: [en]; its English is YouTube's translation, answered with 429
  REQUIRE(fetched.ok());
  CHECK(fetched->transcript.language == "zh-Hans");
  CHECK(fetched->transcript.source == TranscriptSource::creator);
  REQUIRE_FALSE(fetched->transcript.segments.empty());
  CHECK(fetched->transcript.segments.front().text == "大家好，欢迎回来。");

  auto automatic = fetch("chineseauto");
  REQUIRE(automatic.ok());
  CHECK(automatic->transcript.language == "zh");
  CHECK(automatic->transcript.source == TranscriptSource::automatic);
  CHECK(automatic->transcript.track_name == "Chinese (Original)");
  REQUIRE(automatic->transcript.segments.size() == 2);
  CHECK(automatic->transcript.segments[0].text == "我们今天来看新的芯片。");
  CHECK(asked_tracks(log.file) == std::vector<std::string>{"zh-Hans", "zh-orig"});
}

TEST_CASE("an English video with German creator captions is read from en-orig, en-de is never asked for") {
  RunLog log;
  auto fetched = fetch("englishde01");
  REQUIRE(fetched.ok());
  CHECK(fetched->transcript.language == "en");
  CHECK(fetched->transcript.track_name == "English (Original)");
  CHECK(asked_tracks(log.file) == std::vector<std::string>{"en-orig"});
}

TEST_CASE("an auto-translated track asked for fails the whole run with YouTube's 429, as yt-dlp reports it") {
  // What the old single run did (--sub-langs en,en-.*,.*-orig); the stand-in answers as YouTube does.
  TempDir dir;
  auto run = ytm::test::run({(fakes / "yt-dlp").string(), "--skip-download", "--write-info-json", "--write-subs",
                             "--write-auto-subs", "--sub-langs", "en,en-.*,.*-orig,-live_chat", "-o",
                             "%(id)s.%(ext)s", "-P", dir.path().string(), "--",
                             "https://www.youtube.com/watch?v=chinese0001"});
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Catch::Contains("ERROR: Unable to download video subtitles for 'en': HTTP Error 429: "
                                      "Too Many Requests"));
}

TEST_CASE("blocked captions say why and what fixes it, and are tried again in an hour") {
  auto blocked = fetch("potokenempt");
  REQUIRE_FALSE(blocked.ok());
  const auto& f = blocked.failure();
  CHECK(f.code == ytm::FailureCode::captions_blocked);
  CHECK(f.kind == FailureKind::transient);
  REQUIRE(f.retry_after);
  CHECK(*f.retry_after == std::chrono::hours(1));
  CHECK_THAT(f.message, Catch::Contains("Some web client subtitles require a PO Token which was not provided") &&
                            Catch::Contains("bgutil-ytdlp-pot-provider") &&
                            Catch::Contains("transcript.cookies_file") && Catch::Contains("docs/troubleshooting.md"));

  auto dropped = fetch("potokendrop");
  REQUIRE_FALSE(dropped.ok());
  CHECK_THAT(dropped.failure().message,
             Catch::Contains("There are missing subtitles languages because a PO token was not provided"));

  ::setenv("YTM_FAKE_YTDLP_PO_TOKEN", "1", 1);  // a PO-token provider installed
  auto provided = fetch("potokenempt");
  ::unsetenv("YTM_FAKE_YTDLP_PO_TOKEN");
  REQUIRE(provided.ok());
  CHECK(provided->transcript.segments.size() == 4);
}

TEST_CASE("a video younger than an hour without automatic captions waits half an hour for them") {
  auto young = fetch("youngnoauto");
  REQUIRE_FALSE(young.ok());
  CHECK(young.failure().code == ytm::FailureCode::captions_pending);
  REQUIRE(young.failure().retry_after);
  CHECK(*young.failure().retry_after == std::chrono::minutes(30));
  auto old = fetch("nocaptions1");  // uploaded in 2025: it has none
  REQUIRE_FALSE(old.ok());
  CHECK(old.failure().code == ytm::FailureCode::no_captions);
}

TEST_CASE("a fetch takes one turn at the yt-dlp gate: the track run from the info JSON fetches no page") {
  RunLog log;
  auto settings = fake_settings();  // transcript.min_interval as a user has it: 10 s
  boost::asio::io_context io;
  auto gate = std::make_shared<YtdlpGate>(settings.min_interval);
  auto begin = std::chrono::steady_clock::now();
  auto fetched = ytm::test::run_async(io, fetch_video(io.get_executor(), gate, settings, "chinese0001"));
  REQUIRE(fetched.ok());
  CHECK(logged_runs(log.file).size() == 2);
  CHECK(gate->turns() == 1);
  CHECK(std::chrono::steady_clock::now() - begin < settings.min_interval);  // the second run did not wait
}
