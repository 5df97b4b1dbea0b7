#pragma once
// A running daemon whose config.yaml a test edits, setting by setting, as a user would before a
// reload: the stand-in YouTube, the stand-in yt-dlp and the stand-in Messages API (the anthropic
// backend), one worker, an output in Chinese (so an English video is translated, not only summarised).
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../feed/fake_youtube.hpp"
#include "../model/fake_model_fixture.hpp"
#include "store/store.hpp"
#include "support/background.hpp"
#include "support/temp_dir.hpp"

namespace ytm::test {

class ReloadFixture {
 public:
  ReloadFixture();
  ~ReloadFixture();  // after a failed REQUIRE, prints the daemon's log
  ReloadFixture(const ReloadFixture&) = delete;
  ReloadFixture& operator=(const ReloadFixture&) = delete;

  // One setting as "section.key" or "key", its value as YAML ("2", "[a, b]", "'x: y'"); written at
  // the next save. unset drops it (the default applies again).
  void set(const std::string& key, const std::string& yaml_value);
  void unset(const std::string& key);
  void save() const;  // config.yaml written beside and renamed over, as editors save
  // Saves, and waits until the daemon says it reloaded (the file watch): false when it did not.
  bool reload(const Background& daemon) const;
  // SIGHUP (what reloads the prompt files, which are not watched), and waits as reload does.
  bool hangup(const Background& daemon) const;

  std::string add_channel(const std::string& handle);
  void publish(const std::string& channel_id, const std::string& video_id, const std::string& title);
  void subscribe(const std::vector<std::string>& lines);  // subscriptions.yaml's channels, one a line
  // Waits for the channel's first poll (what it showed then is history, not new uploads).
  bool wait_for_channel(const std::string& channel_id) const;
  std::unique_ptr<Background> start(const std::vector<std::pair<std::string, std::string>>& env = {});

  // The video's state, once it is in the database.
  [[nodiscard]] std::optional<store::VideoRecord> video(const std::string& id) const;
  // Waits until the video has reached that state.
  bool wait_for(const std::string& id, store::VideoState state,
                std::chrono::milliseconds timeout = std::chrono::seconds(60)) const;
  [[nodiscard]] std::filesystem::path database() const { return dir / "state/ytmonitor.db"; }
  [[nodiscard]] std::filesystem::path output() const { return dir / "out"; }
  [[nodiscard]] std::vector<std::filesystem::path> documents() const;  // every *.md but index.md, sorted

  FakeYoutube youtube;
  TempDir dir;
  FakeModel model;

 private:
  std::map<std::string, std::map<std::string, std::string>> settings_;  // section ("" at the top) → key → value
};

}  // namespace ytm::test
