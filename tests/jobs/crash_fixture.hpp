#pragma once
// `ytmonitor run` as a user starts it, against the stand-in YouTube, yt-dlp and Messages API, in a
// temporary state and output folder: for the tests that kill, stall or slow the daemon's work.
#include <sys/types.h>

#include <csignal>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "../feed/fake_youtube.hpp"
#include "../model/fake_model_fixture.hpp"
#include "store/store.hpp"
#include "support/background.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

namespace ytm::test {

// What a test changes of the defaults CrashFixture writes.
struct CrashOptions {
  std::string ytdlp = YTM_TESTS_DIR "/fakes/yt-dlp";
  std::vector<std::string> model_args;  // fake_model's fault flags
  int workers = 1;
  std::string model;  // more lines of the model section ("  timeout: 3s\n")
  std::string extra;  // top-level sections the defaults do not name
};

struct CrashFixture {
  using Env = std::vector<std::pair<std::string, std::string>>;

  FakeYoutube youtube;
  TempDir dir;
  FakeModel model;
  std::string channel;

  // Defaults a user gets, but for the stand-ins, a 1 s poll and the status page off, and model calls made
  // on their own (model.batch off): these tests are about them; batches have tests/e2e/test_batch_e2e.cpp.
  explicit CrashFixture(CrashOptions o = {}) : model(std::move(o.model_args)) {
    using nlohmann::json;
    dir.write("config.yaml", "state_dir: state\noutput_dir: out\nworkers: " + std::to_string(o.workers) +
                                 "\nyoutube:\n  base_url: " + youtube.base_url() +
                                 "\n  poll_interval: 1s\n  jitter: 0\nstatus:\n  listen: ''\n"
                                 "transcript:\n  command: " +
                                 o.ytdlp +
                                 "\n  min_interval: 0s\nmodel:\n  backend: anthropic\n  base_url: http://127.0.0.1:" +
                                 std::to_string(model.port()) + "\n  api_key_env: YTM_TEST_KEY\n  batch: off\n" + o.model +
                                 "output:\n  language: zh-CN\n" + o.extra);
    channel = json::parse(youtube.post("/_control/channels", json{{"handle", "@crashy"}}.dump()).body)["id"];
  }
  void publish(const std::string& id, long long published) const {
    using nlohmann::json;
    youtube.post("/_control/channels/" + channel + "/videos",
                 json{{"id", id}, {"title", "Video " + id}, {"published", published}}.dump());
  }
  void subscribe(int backfill, const std::vector<std::string>& more_channels = {}) const {
    std::string list = "  - " + channel + "\n";
    for (const auto& id : more_channels) list += "  - " + id + "\n";
    dir.write("subscriptions.yaml", "defaults: {backfill: " + std::to_string(backfill) + "}\nchannels:\n" + list);
  }
  [[nodiscard]] std::string config() const { return (dir / "config.yaml").string(); }
  [[nodiscard]] std::filesystem::path database() const { return dir / "state/ytmonitor.db"; }
  [[nodiscard]] std::optional<store::VideoRecord> video(const std::string& id) const {
    std::error_code ec;
    if (!std::filesystem::exists(database(), ec)) return std::nullopt;
    return store::Store(database()).video(id);
  }
  [[nodiscard]] bool in_state(const std::string& id, store::VideoState state) const {
    auto v = video(id);
    return v && v->state == state;
  }
  [[nodiscard]] std::unique_ptr<Background> daemon(const std::string& log, Env env = {}) const {
    env.emplace_back("YTM_TEST_KEY", "test-key");
    return std::make_unique<Background>(std::vector<std::string>{YTM_BINARY, "--config", config(), "run"}, dir / log,
                                        env);
  }
};

// Not running: gone, or a zombie waiting for init to reap it.
inline bool running(pid_t pid) { return process_running(pid); }

}  // namespace ytm::test
