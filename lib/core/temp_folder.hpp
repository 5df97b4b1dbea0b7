#pragma once
// A folder of our own under $TMPDIR for one subprocess run, removed with everything in it when the
// object goes. Its name carries our pid (ytmonitor-KIND-PID-XXXXXX), so a later start can remove
// the folders of a process that was killed before it could (remove_orphan_temp_folders).
#include <filesystem>
#include <string>
#include <string_view>

#include "core/failure.hpp"

namespace ytm {

class TempFolder {
 public:
  // A paused failure "temp_dir" naming the folder when it cannot be made (e.g. TMPDIR does not exist).
  static Outcome<TempFolder> create(std::string_view kind);
  TempFolder(TempFolder&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  TempFolder& operator=(TempFolder&&) = delete;
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  ~TempFolder();
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  explicit TempFolder(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

// Removes ytmonitor-*-PID-* folders under $TMPDIR whose process is no longer running; returns how many.
int remove_orphan_temp_folders();

}  // namespace ytm
