#pragma once
// The whole daemon for real: `ytmonitor run` against the stand-in YouTube, the stand-in yt-dlp,
// and the real claude CLI talking to the stand-in Messages API, in a temporary state and output folder.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../feed/fake_youtube.hpp"
#include "support/background.hpp"
#include "support/temp_dir.hpp"

namespace ytm::test {

class EndToEnd {
 public:
  EndToEnd();

  std::string add_channel(const std::string& handle, const std::string& old_video_title);
  void publish(const std::string& channel_id, const std::string& video_id, const std::string& title);
  void subscribe(const std::vector<std::string>& channel_ids);
  void append_config(const std::string& yaml);  // more top-level sections for config.yaml
  // transcript.min_interval as a user has it (10 s, randomised), not the fixture's 0 s.
  void use_default_pacing();
  // model.backend anthropic or openai against the stand-in (its API, and its batch API), with more
  // model keys ("  batch_max_wait: 1s\n").
  void use_model_api(const std::string& backend, const std::string& model_lines = "");
  void use_workers(int workers);  // the fixture runs one
  // The stand-in model's address, for a profile's own model settings.
  [[nodiscard]] std::string model_url() const { return "http://127.0.0.1:" + std::to_string(model_port_); }

  std::unique_ptr<Background> start_daemon(const std::string& log_name = "daemon.log",
                                           const std::vector<std::pair<std::string, std::string>>& extra_env = {});
  // A yt-dlp "install" in bin/yt-dlp: a script running the stand-in with these VAR=value settings.
  std::filesystem::path install_ytdlp(const std::string& settings) const;
  // config.yaml with transcript.command replaced (renamed over, so a running daemon reloads it).
  void use_ytdlp(const std::string& command) const;
  nlohmann::json model_stats() const;
  void model_faults(const nlohmann::json& faults) const;
  [[nodiscard]] std::vector<std::filesystem::path> documents() const;  // *.md except index.md
  [[nodiscard]] bool video_done(const std::string& video_id) const;    // in the store as done
  // The document whose front matter names the video, or "" while there is none.
  [[nodiscard]] std::string document_of(const std::string& video_id) const;
  // The stand-in's record ("seen") of the model calls for one video, whose title the stand-in yt-dlp
  // gives as "Test video ID".
  [[nodiscard]] std::vector<nlohmann::json> model_calls_for(const std::string& video_id) const;
  [[nodiscard]] std::filesystem::path database() const { return dir / "state/ytmonitor.db"; }
  [[nodiscard]] std::filesystem::path output() const { return dir / "out"; }

  FakeYoutube youtube;
  TempDir dir;

 private:
  std::string config_text_;
  std::unique_ptr<Background> model_;
  int model_port_ = 0;
};

// The port of the daemon's status page, from its log; 0 before it says.
int status_port(const Background& daemon);
// The daemon's /api/status, or null while it does not answer.
nlohmann::json api_status(const Background& daemon);
// What `ytmonitor status` prints for this daemon's configuration.
std::string status_cli(const EndToEnd& e);

}  // namespace ytm::test
