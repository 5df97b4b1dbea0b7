#include "reload_fixture.hpp"

#include <csignal>
#include <cstdio>
#include <exception>
#include <functional>

#include "support/daemon_files.hpp"

using namespace std::chrono_literals;

namespace ytm::test {

namespace {

std::pair<std::string, std::string> split_key(const std::string& key) {
  const auto dot = key.find('.');
  if (dot == std::string::npos) return {"", key};
  return {key.substr(0, dot), key.substr(dot + 1)};
}

}  // namespace

ReloadFixture::ReloadFixture() {
  set("state_dir", "state");
  set("output_dir", "out");
  set("workers", "1");
  set("youtube.base_url", youtube.base_url());
  set("youtube.poll_interval", "1s");
  set("youtube.jitter", "0");
  set("transcript.command", YTM_TESTS_DIR "/fakes/yt-dlp");
  set("transcript.min_interval", "0s");
  set("model.backend", "anthropic");
  set("model.base_url", model.base_url());
  set("model.api_key_env", "YTM_TEST_KEY");
  set("model.batch", "off");  // these tests are about calls made on their own; batches: tests/e2e/test_batch_e2e.cpp
  set("output.language", "zh-CN");
  set("status.listen", "''");
  save();
  subscribe({});
}

ReloadFixture::~ReloadFixture() {
  if (std::uncaught_exceptions() > 0 && std::filesystem::exists(dir / "daemon.log")) {
    std::fprintf(stderr, "daemon.log:\n%s\n", read_file(dir / "daemon.log").c_str());
  }
}

void ReloadFixture::set(const std::string& key, const std::string& yaml_value) {
  auto [section, name] = split_key(key);
  settings_[section][name] = yaml_value;
}

void ReloadFixture::unset(const std::string& key) {
  auto [section, name] = split_key(key);
  settings_[section].erase(name);
}

void ReloadFixture::save() const {
  std::string text;
  for (const auto& [name, value] : settings_.at("")) text += name + ": " + value + "\n";
  for (const auto& [section, values] : settings_) {
    if (section.empty() || values.empty()) continue;
    text += section + ":\n";
    for (const auto& [name, value] : values) text += "  " + name + ": " + value + "\n";
  }
  dir.write("config.yaml.tmp", text);
  std::filesystem::rename(dir / "config.yaml.tmp", dir / "config.yaml");
}

namespace {

bool reloaded_after(const Background& daemon, const std::function<void()>& cause) {
  const auto before = occurrences(daemon.log(), "configuration reloaded");
  cause();
  return eventually([&] { return occurrences(daemon.log(), "configuration reloaded") > before; }, 15s);
}

}  // namespace

bool ReloadFixture::reload(const Background& daemon) const {
  return reloaded_after(daemon, [this] { save(); });
}

bool ReloadFixture::hangup(const Background& daemon) const {
  return reloaded_after(daemon, [&daemon] { daemon.signal(SIGHUP); });
}

std::string ReloadFixture::add_channel(const std::string& handle) {
  auto id = youtube.add_channel(handle, handle);
  youtube.publish(id, "Older", 1'700'000'000);
  return id;
}

void ReloadFixture::publish(const std::string& channel_id, const std::string& video_id, const std::string& title) {
  youtube.publish(channel_id, title, 1'800'000'000, video_id);
}

void ReloadFixture::subscribe(const std::vector<std::string>& lines) { write_subscriptions(dir.path(), lines); }

bool ReloadFixture::wait_for_channel(const std::string& channel_id) const {
  return eventually(
      [&] { return std::filesystem::exists(database()) && store::Store(database()).channel(channel_id).has_value(); },
      30s);
}

std::unique_ptr<Background> ReloadFixture::start(const std::vector<std::pair<std::string, std::string>>& env) {
  auto all = env;
  all.emplace_back("YTM_TEST_KEY", "test-key");
  return std::make_unique<Background>(
      std::vector<std::string>{YTM_BINARY, "--config", (dir / "config.yaml").string(), "run"}, dir / "daemon.log", all);
}

std::optional<store::VideoRecord> ReloadFixture::video(const std::string& id) const {
  if (!std::filesystem::exists(database())) return std::nullopt;
  return store::Store(database()).video(id);
}

bool ReloadFixture::wait_for(const std::string& id, store::VideoState state, std::chrono::milliseconds timeout) const {
  return eventually(
      [&] {
        auto v = video(id);
        return v && v->state == state;
      },
      timeout);
}

std::vector<std::filesystem::path> ReloadFixture::documents() const { return markdown_documents(output()); }

}  // namespace ytm::test
