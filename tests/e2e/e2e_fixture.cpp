#include "e2e_fixture.hpp"

#include "store/store.hpp"
#include "support/daemon_files.hpp"
#include "support/loopback_http.hpp"
#include "support/run.hpp"

#include <regex>
#include <stdexcept>

using nlohmann::json;
using namespace std::chrono_literals;

namespace ytm::test {

EndToEnd::EndToEnd() {
  model_ = std::make_unique<Background>(std::vector<std::string>{YTM_TESTS_DIR "/fakes/fake_model", "--port", "0"},
                                        dir / "model.log");
  if (!eventually([&] { return model_->log().find('\n') != std::string::npos; }, 10s)) {
    throw std::runtime_error("fake_model did not start: " + model_->log());
  }
  model_port_ = std::stoi(model_->log().substr(0, model_->log().find('\n')));
  std::filesystem::create_directories(dir / "home");
  config_text_ = std::string(
                     "state_dir: state\n"
                     "output_dir: out\n"
                     "workers: 1\n"
                     "youtube:\n  base_url: ") +
                 youtube.base_url() +
                 "\n  poll_interval: 1s\n  jitter: 0\n"
                 "transcript:\n  command: " YTM_TESTS_DIR
                 "/fakes/yt-dlp\n  min_interval: 0s\n"
                 "model:\n  backend: claude-cli\n  command: " YTM_TESTS_DIR
                 "/node/node_modules/.bin/claude\n"
                 "  name: claude-sonnet-4-5\n  max_concurrent_requests: 1\n  timeout: 60s\n"
                 "output:\n  language: zh-CN\n"
                 "status:\n  listen: 127.0.0.1:0\n";
  dir.write("config.yaml", config_text_);
  subscribe({});
}

std::string EndToEnd::add_channel(const std::string& handle, const std::string& old_video_title) {
  auto id = youtube.add_channel(handle, "E2E " + handle);
  youtube.publish(id, old_video_title, 1'700'000'000);
  return id;
}

void EndToEnd::publish(const std::string& channel_id, const std::string& video_id, const std::string& title) {
  youtube.publish(channel_id, title, 1'800'000'000, video_id);
}

void EndToEnd::append_config(const std::string& yaml) {
  config_text_ += yaml;
  dir.write("config.yaml", config_text_);
}

void EndToEnd::use_default_pacing() {
  const std::string fast = "  min_interval: 0s\n";
  config_text_.erase(config_text_.find(fast), fast.size());
  dir.write("config.yaml", config_text_);
}

void EndToEnd::use_model_api(const std::string& backend, const std::string& model_lines) {
  const std::string cli = "  backend: claude-cli\n  command: " YTM_TESTS_DIR "/node/node_modules/.bin/claude\n";
  std::string api = "  backend: " + backend + "\n  base_url: http://127.0.0.1:" + std::to_string(model_port_) + "\n";
  if (backend == "openai") api += "  api_key_env: ANTHROPIC_API_KEY\n";  // the stand-in takes any key
  config_text_.replace(config_text_.find(cli), cli.size(), api + model_lines);
  dir.write("config.yaml", config_text_);
}

void EndToEnd::use_workers(int workers) {
  config_text_.replace(config_text_.find("workers: 1\n"), 11, "workers: " + std::to_string(workers) + "\n");
  dir.write("config.yaml", config_text_);
}

void EndToEnd::subscribe(const std::vector<std::string>& channel_ids) { write_subscriptions(dir.path(), channel_ids); }

std::unique_ptr<Background> EndToEnd::start_daemon(const std::string& log_name,
                                                   const std::vector<std::pair<std::string, std::string>>& extra_env) {
  std::vector<std::pair<std::string, std::string>> env = {
      {"ANTHROPIC_BASE_URL", "http://127.0.0.1:" + std::to_string(model_port_)},
      {"ANTHROPIC_API_KEY", "test-key"},
      {"HOME", (dir / "home").string()},
      {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"},
      {"DISABLE_AUTOUPDATER", "1"},
  };
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  return std::make_unique<Background>(
      std::vector<std::string>{YTM_BINARY, "--config", (dir / "config.yaml").string(), "run"}, dir / log_name, env);
}

int status_port(const Background& daemon) {
  std::smatch m;
  auto log = daemon.log();
  static const std::regex pattern(R"(status page on http://127\.0\.0\.1:(\d+)/)");
  return std::regex_search(log, m, pattern) ? std::stoi(m[1]) : 0;
}

std::filesystem::path EndToEnd::install_ytdlp(const std::string& settings) const {
  auto path = dir.write("bin/yt-dlp", "#!/bin/sh\n" + settings + " exec " YTM_TESTS_DIR "/fakes/yt-dlp \"$@\"\n");
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path;
}

void EndToEnd::use_ytdlp(const std::string& command) const {
  auto text = read_file(dir / "config.yaml");
  auto at = text.find("  command: ") + 11;
  text.replace(at, text.find('\n', at) - at, command);
  dir.write("config.yaml.tmp", text);
  std::filesystem::rename(dir / "config.yaml.tmp", dir / "config.yaml");
}

json api_status(const Background& daemon) {
  auto r = loopback_get(status_port(daemon), "/api/status");
  return r.status == 200 ? json::parse(r.body) : json();
}

std::string status_cli(const EndToEnd& e) {
  return ytmonitor({"--config", (e.dir / "config.yaml").string(), "status"}).out;
}

json EndToEnd::model_stats() const { return json::parse(loopback_get(model_port_, "/_control/stats").body); }

void EndToEnd::model_faults(const json& faults) const { loopback_post(model_port_, "/_control/faults", faults.dump()); }

std::vector<std::filesystem::path> EndToEnd::documents() const { return markdown_documents(output()); }

bool EndToEnd::video_done(const std::string& video_id) const {
  auto v = store::Store(database()).video(video_id);
  return v && v->state == store::VideoState::done;
}

std::string EndToEnd::document_of(const std::string& video_id) const {
  for (const auto& path : documents()) {
    auto text = read_file(path);
    if (text.find("video_id: \"" + video_id + "\"") != std::string::npos) return text;
  }
  return "";
}

std::vector<json> EndToEnd::model_calls_for(const std::string& video_id) const {
  std::vector<json> out;
  const json stats = model_stats();
  for (const auto& call : stats["seen"]) {
    if (call["prompt_head"].get<std::string>().find("Test video " + video_id) != std::string::npos) out.push_back(call);
  }
  return out;
}

}  // namespace ytm::test
