#include "core/temp_folder.hpp"

#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

namespace ytm {

namespace fs = std::filesystem;

namespace {

fs::path temp_base() {
  const char* tmpdir = std::getenv("TMPDIR");
  return tmpdir != nullptr && *tmpdir != '\0' ? fs::path(tmpdir) : fs::path("/tmp");
}

constexpr std::string_view prefix = "ytmonitor-";

// The pid in ytmonitor-KIND-PID-XXXXXX, or 0.
pid_t owner_pid(const std::string& name) {
  if (!name.starts_with(prefix)) return 0;
  auto last = name.rfind('-');
  if (last == std::string::npos || last == 0) return 0;
  auto before = name.rfind('-', last - 1);
  if (before == std::string::npos || before < prefix.size()) return 0;
  auto digits = name.substr(before + 1, last - before - 1);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  return static_cast<pid_t>(std::strtol(digits.c_str(), nullptr, 10));
}

bool running(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

}  // namespace

Outcome<TempFolder> TempFolder::create(std::string_view kind) {
  const fs::path base = temp_base();
  std::string pattern =
      (base / (std::string(prefix) + std::string(kind) + "-" + std::to_string(::getpid()) + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Failure::paused(FailureCode::temp_dir, "cannot create a temporary folder in " + base.string() + ": " +
                                           std::strerror(errno) + " (set TMPDIR to a writable folder)");
  }
  return TempFolder(fs::path(pattern));
}

TempFolder::~TempFolder() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

int remove_orphan_temp_folders() {
  std::error_code ec;
  int removed = 0;
  for (const auto& entry : fs::directory_iterator(temp_base(), ec)) {
    const pid_t pid = owner_pid(entry.path().filename().string());
    if (pid <= 0 || pid == ::getpid() || running(pid)) continue;
    std::error_code rm;
    if (fs::remove_all(entry.path(), rm) > 0 && !rm) ++removed;
  }
  return removed;
}

}  // namespace ytm
