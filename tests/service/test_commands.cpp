// poll-once, resolve and process as a user runs them, against the stand-ins on loopback.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "../feed/fake_youtube.hpp"
#include "support/background.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::test::ytmonitor;

namespace {

struct CommandFixture {
  ytm::test::FakeYoutube youtube;
  ytm::test::TempDir dir;

  explicit CommandFixture(const std::string& extra_config = "") {
    dir.write("config.yaml", "state_dir: state\noutput_dir: out\nyoutube:\n  base_url: " + youtube.base_url() +
                                 "\ntranscript:\n  command: " YTM_TESTS_DIR "/fakes/yt-dlp\n  min_interval: 0s\n" +
                                 extra_config);
  }
  std::string config() const { return (dir / "config.yaml").string(); }
  std::string add_channel(const std::string& handle, const std::string& title) {
    auto id = youtube.add_channel(handle, title);
    youtube.publish(id, "a video");
    return id;
  }
};

}  // namespace

TEST_CASE("poll-once polls every channel once, records what it found, and exits") {
  CommandFixture f;
  auto a = f.add_channel("@alpha", "Alpha");
  auto b = f.add_channel("@beta", "Beta");
  f.dir.write("subscriptions.yaml", "defaults: {backfill: 1}\nchannels:\n  - " + a + "\n  - '@beta'\n");
  auto r = ytmonitor({"--config", f.config(), "poll-once"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "polled 2 channel(s): 2 new video(s) queued, 0 channel(s) failed\n");
  auto status = json::parse(ytmonitor({"--config", f.config(), "status", "--json"}).out);
  CHECK(status["videos"]["queued"] == 2);
  CHECK(status["channels"][0]["last_result"] == "ok");
  CHECK(status["channels"][1]["id"] == b);
}

TEST_CASE("poll-once exits 1 and names the channel that failed") {
  CommandFixture f;
  auto a = f.add_channel("@gone", "Gone");
  f.youtube.set_behaviour(a, json{{"status", 404}}.dump());
  f.dir.write("subscriptions.yaml", "channels:\n  - " + a + "\n");
  auto r = ytmonitor({"--config", f.config(), "poll-once"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(a + ": the feed was not found (404)") != std::string::npos);
}

TEST_CASE("resolve prints the channel id and title of a handle, or says why not") {
  CommandFixture f;
  auto id = f.add_channel("@resolvable", "Resolvable Channel");
  f.dir.write("subscriptions.yaml", "channels: []\n");
  auto r = ytmonitor({"--config", f.config(), "resolve", "@resolvable"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == id + "\tResolvable Channel\n");
  auto missing = ytmonitor({"--config", f.config(), "resolve", "@nobody"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("404") != std::string::npos);
  CHECK(ytmonitor({"--config", f.config(), "resolve", "not a channel!"}).exit_code == 1);
}

TEST_CASE("process turns captions with Latin-1 bytes and a lone surrogate reference into a document") {
  ytm::test::TempDir model_dir;
  ytm::test::Background model({YTM_TESTS_DIR "/fakes/fake_model", "--port", "0"}, model_dir / "model.log");
  REQUIRE(ytm::test::eventually([&] { return model.log().find('\n') != std::string::npos; }, 10s));
  auto port = model.log().substr(0, model.log().find('\n'));
  CommandFixture f("model:\n  backend: anthropic\n  base_url: http://127.0.0.1:" + port +
                   "\n  api_key_env: YTM_TEST_KEY\noutput:\n  language: en\n");
  f.dir.write("subscriptions.yaml", "channels: []\n");
  ::setenv("YTM_TEST_KEY", "test-key", 1);
  auto r = ytmonitor({"--config", f.config(), "process", "latin1caps1"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto document = ytm::test::read_file(r.out.substr(0, r.out.find('\n')));
  CHECK(document.find("Caf\xEF\xBF\xBD society") != std::string::npos);  // the Latin-1 byte as U+FFFD
  CHECK(document.find("half of a character") != std::string::npos);      // the surrogate gone
}

TEST_CASE("process takes one video through transcript, model and render, and prints the document") {
  ytm::test::TempDir model_dir;
  ytm::test::Background model({YTM_TESTS_DIR "/fakes/fake_model", "--port", "0"}, model_dir / "model.log");
  REQUIRE(ytm::test::eventually([&] { return model.log().find('\n') != std::string::npos; }, 10s));
  auto port = model.log().substr(0, model.log().find('\n'));
  CommandFixture f("model:\n  backend: anthropic\n  base_url: http://127.0.0.1:" + port +
                   "\n  api_key_env: YTM_TEST_KEY\noutput:\n  language: en\n");
  f.dir.write("subscriptions.yaml", "channels: []\n");
  ::setenv("YTM_TEST_KEY", "test-key", 1);
  auto r = ytmonitor({"--config", f.config(), "process", "https://www.youtube.com/watch?v=creatorEN01"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::string path = r.out.substr(0, r.out.find('\n'));
  REQUIRE(std::filesystem::exists(path));
  CHECK(ytm::test::read_file(path).find("creatorEN01") != std::string::npos);
  auto failed = ytmonitor({"--config", f.config(), "process", "private0001"});
  CHECK(failed.exit_code == 1);
  CHECK(failed.err.find("private") != std::string::npos);
}

TEST_CASE("what was cleaned from the model's answers is in the document's footer and in status") {
  ytm::test::TempDir model_dir;
  ytm::test::Background model({YTM_TESTS_DIR "/fakes/fake_model", "--port", "0", "--outro", "100"},
                              model_dir / "model.log");
  REQUIRE(ytm::test::eventually([&] { return model.log().find('\n') != std::string::npos; }, 10s));
  auto port = model.log().substr(0, model.log().find('\n'));
  CommandFixture f("model:\n  backend: anthropic\n  base_url: http://127.0.0.1:" + port +
                   "\n  api_key_env: YTM_TEST_KEY\noutput:\n  language: zh-CN\n");
  f.dir.write("subscriptions.yaml", "channels: []\n");
  ::setenv("YTM_TEST_KEY", "test-key", 1);
  auto r = ytmonitor({"--config", f.config(), "process", "creatorEN01"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto document = ytm::test::read_file(r.out.substr(0, r.out.find('\n')));
  CHECK(document.find("感谢收看") == std::string::npos);
  CHECK(document.find("*清理：") != std::string::npos);
  CHECK(document.find("结束语 1 句（视频中没有的致谢和求关注的话，已删除）") != std::string::npos);
  auto status = ytmonitor({"--config", f.config(), "status"});
  INFO(status.out);
  CHECK(status.out.find("Recent documents:\n") != std::string::npos);
  CHECK(status.out.find("[creatorEN01]: cleaned from the model's answers: ") != std::string::npos);
  CHECK(status.out.find("outros 1 (a closing \"thanks for watching, please subscribe\" the video does not say: "
                        "removed)") != std::string::npos);
}

TEST_CASE("a failed uploads listing says what yt-dlp said, or how it ended when it said nothing") {
  CommandFixture f;
  auto id = f.add_channel("@bursty", "Bursty");
  f.dir.write("subscriptions.yaml", "channels:\n  - " + id + "\n");
  REQUIRE(ytmonitor({"--config", f.config(), "poll-once"}).exit_code == 0);
  // 16 uploads at once: the 15-entry feed shows none of the videos known, so the uploads are listed.
  auto burst = [&](long long from) {
    for (int i = 0; i < 16; ++i) {
      f.youtube.publish(id, "burst " + std::to_string(i), from + i);
    }
  };
  burst(1'800'000'000);
  auto silent = f.dir.write("silent-yt-dlp", "#!/bin/sh\nexit 3\n");
  auto talking = f.dir.write("talking-yt-dlp",
                             "#!/bin/sh\necho 'ERROR: [youtube:tab] This channel has no videos tab' >&2\nexit 1\n");
  for (const auto& script : {silent, talking}) {
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  }
  f.dir.write("config.yaml", "state_dir: state\noutput_dir: out\nyoutube:\n  base_url: " + f.youtube.base_url() +
                                 "\ntranscript:\n  command: " + silent.string() + "\n");
  auto quiet = ytmonitor({"--config", f.config(), "poll-once"});
  CHECK(quiet.err.find("could not list uploads to fill the gap (yt-dlp exit code 3, nothing on stderr)") !=
        std::string::npos);
  burst(1'900'000'000);
  f.dir.write("config.yaml", "state_dir: state\noutput_dir: out\nyoutube:\n  base_url: " + f.youtube.base_url() +
                                 "\ntranscript:\n  command: " + talking.string() + "\n");
  auto said = ytmonitor({"--config", f.config(), "poll-once"});
  INFO(said.err);
  CHECK(said.err.find("(yt-dlp exit code 1: ERROR: [youtube:tab] This channel has no videos tab)") !=
        std::string::npos);
}
