#pragma once
// The only way anything is written into output_dir. Paths are relative, with '/' between
// components; every folder on the way is opened with O_NOFOLLOW relative to the one before, and
// the file is written relative to the last folder's descriptor, so a symlinked folder (even one
// swapped in while we write) can never lead outside output_dir. output_dir itself may be a link.
//
// Writes are atomic: a temp file in the same folder, write, fsync, rename over the name, fsync
// of the folder. A failed write leaves neither a partial nor a temp file.
#include <optional>
#include <string>
#include <string_view>

#include "core/failure.hpp"

namespace ytm::render {

class OutputDir {
 public:
  // Opens the folder, creating it (and its parents) when missing.
  static Outcome<OutputDir> open(const std::string& root);
  OutputDir(OutputDir&& other) noexcept;
  OutputDir& operator=(OutputDir&&) = delete;
  OutputDir(const OutputDir&) = delete;
  ~OutputDir();

  [[nodiscard]] const std::string& root() const { return root_; }

  // The file's content; nullopt when it or a folder on the way does not exist. Something that is
  // not a regular file (a symlink, a fifo) reads as present but empty, so it never matches a hash.
  [[nodiscard]] Outcome<std::optional<std::string>> read(std::string_view relative) const;
  // Creates missing folders on the way. Failure: transient "output_write" naming the path and
  // the system's reason (disk full, read-only), or permanent "output_path" for a path that
  // would leave output_dir.
  [[nodiscard]] Status write(std::string_view relative, std::string_view content) const;
  // Removes a file; missing is fine.
  [[nodiscard]] Status remove(std::string_view relative) const;

 private:
  OutputDir(std::string root, int fd) : root_(std::move(root)), fd_(fd) {}
  std::string root_;
  int fd_ = -1;
};

}  // namespace ytm::render
