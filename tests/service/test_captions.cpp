// Captions as YouTube gives them in 2026, through `ytmonitor process` with the stand-in yt-dlp and
// model: only the track that will be used is asked for (never a machine translation, which
// YouTube answers with 429), and captions that come back empty are a block to wait out, never a
// video without captions, nor a transcript to keep.
#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "pipeline/checkpoints.hpp"
#include "store/store.hpp"
#include "support/background.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::test::ytmonitor;
namespace fs = std::filesystem;

namespace {

// `ytmonitor process` with the defaults but for the model (the stand-in) and transcript.languages;
// every yt-dlp run's argv is logged.
struct CaptionsFixture {
  ytm::test::TempDir dir;
  ytm::test::Background model{{YTM_TESTS_DIR "/fakes/fake_model", "--port", "0"}, dir / "model.log"};
  fs::path runs = dir / "ytdlp-runs.jsonl";

  explicit CaptionsFixture(const std::string& languages = "[en]") {
    REQUIRE(ytm::test::eventually([&] { return model.log().find('\n') != std::string::npos; }, 10s));
    auto port = model.log().substr(0, model.log().find('\n'));
    dir.write("config.yaml", "state_dir: state\noutput_dir: out\ntranscript:\n  command: " YTM_TESTS_DIR
                             "/fakes/yt-dlp\n  languages: " +
                                 languages + "\nmodel:\n  backend: anthropic\n  base_url: http://127.0.0.1:" + port +
                                 "\n  api_key_env: YTM_TEST_KEY\noutput:\n  language: en\n");
    dir.write("subscriptions.yaml", "channels: []\n");
    ::setenv("YTM_TEST_KEY", "test-key", 1);
    ::setenv("YTM_FAKE_YTDLP_LOG", runs.c_str(), 1);
  }
  ~CaptionsFixture() {
    ::unsetenv("YTM_FAKE_YTDLP_LOG");
    ::unsetenv("YTM_FAKE_YTDLP_PO_TOKEN");
  }
  ytm::test::RunResult process(const std::string& video) const {
    return ytmonitor({"--config", (dir / "config.yaml").string(), "process", video});
  }
  [[nodiscard]] fs::path database() const { return dir / "state/ytmonitor.db"; }
  // The argv of every yt-dlp run so far.
  [[nodiscard]] std::vector<std::vector<std::string>> ytdlp_runs() const {
    std::vector<std::vector<std::string>> out;
    std::ifstream in(runs);
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line).get<std::vector<std::string>>());
    return out;
  }
  // The --sub-langs of every run that asked for captions.
  [[nodiscard]] std::vector<std::string> asked_tracks() const {
    std::vector<std::string> out;
    for (const auto& argv : ytdlp_runs()) {
      auto at = std::find(argv.begin(), argv.end(), "--sub-langs");
      if (at != argv.end()) out.push_back(*(at + 1));
    }
    return out;
  }
  [[nodiscard]] std::optional<ytm::transcript::FetchedVideo> kept_transcript(const std::string& video) const {
    ytm::store::Store store(database());
    return ytm::pipeline::checkpoint::stored_transcript(store, video);
  }
};

}  // namespace

TEST_CASE("a Chinese video with languages [en] becomes a document from its zh-Hans captions, not the 429ing translation") {
  CaptionsFixture f;
  auto r = f.process("chinese0001");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(fs::exists(r.out.substr(0, r.out.find('\n'))));
  auto kept = f.kept_transcript("chinese0001");
  REQUIRE(kept);
  CHECK(kept->transcript.language == "zh-Hans");
  CHECK(kept->transcript.source == ytm::transcript::TranscriptSource::creator);
  CHECK(kept->transcript.segments.front().text == "大家好，欢迎回来。");

  auto automatic = f.process("chineseauto");
  INFO(automatic.err);
  REQUIRE(automatic.exit_code == 0);
  auto kept_automatic = f.kept_transcript("chineseauto");
  REQUIRE(kept_automatic);
  CHECK(kept_automatic->transcript.track_name == "Chinese (Original)");
  CHECK(kept_automatic->transcript.segments.front().text == "我们今天来看新的芯片。");

  // Each video: one run for the info, one for the chosen track from that info (no page fetched again).
  auto runs = f.ytdlp_runs();
  REQUIRE(runs.size() == 4);
  CHECK(runs[0].back() == "https://www.youtube.com/watch?v=chinese0001");
  CHECK(std::find(runs[1].begin(), runs[1].end(), "--load-info-json") != runs[1].end());
  CHECK(f.asked_tracks() == std::vector<std::string>{"zh-Hans", "zh-orig"});
}

TEST_CASE("an English video with German creator captions is done from en-orig, en-de is never asked for") {
  CaptionsFixture f("[en, de]");
  auto r = f.process("englishde01");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(f.asked_tracks() == std::vector<std::string>{"en-orig"});
  auto kept = f.kept_transcript("englishde01");
  REQUIRE(kept);
  CHECK(kept->transcript.language == "en");
  CHECK(kept->transcript.source == ytm::transcript::TranscriptSource::automatic);
}

TEST_CASE("empty captions are blocked, waited out and never kept, and done once a PO-token provider is installed") {
  CaptionsFixture f;
  auto blocked = f.process("potokenempt");
  CHECK(blocked.exit_code == 1);
  CHECK_THAT(blocked.err, Catch::Contains("(captions_blocked)") && Catch::Contains("PO Token") &&
                              Catch::Contains("bgutil-ytdlp-pot-provider") &&
                              Catch::Contains("docs/troubleshooting.md"));
  {
    ytm::store::Store store(f.database());
    auto video = store.video("potokenempt");
    REQUIRE(video);
    CHECK(video->state == ytm::store::VideoState::waiting);
    CHECK(video->failure_code == ytm::to_string(ytm::FailureCode::captions_blocked));
    REQUIRE(video->next_attempt_at);
    CHECK(*video->next_attempt_at - video->updated_at >= 3600);
  }
  CHECK_FALSE(f.kept_transcript("potokenempt"));

  // Tried again (here by hand) once a PO-token provider is installed: yt-dlp runs again.
  ::setenv("YTM_FAKE_YTDLP_PO_TOKEN", "1", 1);
  auto done = f.process("potokenempt");
  INFO(done.err);
  REQUIRE(done.exit_code == 0);
  CHECK(f.ytdlp_runs().size() == 4);
  REQUIRE(f.kept_transcript("potokenempt"));
  CHECK(f.kept_transcript("potokenempt")->transcript.segments.size() == 4);
}

TEST_CASE("a transcript an older version kept empty is fetched again, not failed as empty") {
  CaptionsFixture f;
  fs::create_directories(f.database().parent_path());
  {
    ytm::store::Store store(f.database());
    ytm::store::NewVideo v;
    v.id = "creatorEN01";
    v.link = "https://www.youtube.com/watch?v=creatorEN01";
    v.origin = "manual";
    store.insert_video(v, 1'800'000'000);
    ytm::transcript::FetchedVideo empty;
    empty.metadata.id = "creatorEN01";
    empty.transcript.language = "en";
    store.save_step(ytm::pipeline::checkpoint::transcript_step("creatorEN01", empty));
  }
  auto r = f.process("creatorEN01");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(f.ytdlp_runs().size() == 2);
  auto kept = f.kept_transcript("creatorEN01");
  REQUIRE(kept);
  CHECK(kept->transcript.segments.front().text == "Welcome back to the show.");
}

TEST_CASE("a video uploaded minutes ago without automatic captions waits for them instead of failing") {
  CaptionsFixture f;
  auto r = f.process("youngnoauto");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("(captions_pending)") && Catch::Contains("no automatic captions yet"));
  ytm::store::Store store(f.database());
  auto video = store.video("youngnoauto");
  REQUIRE(video);
  CHECK(video->state == ytm::store::VideoState::waiting);
  REQUIRE(video->next_attempt_at);
  CHECK(*video->next_attempt_at - video->updated_at >= 1800);
  CHECK(*video->next_attempt_at - video->updated_at < 3600);
}
