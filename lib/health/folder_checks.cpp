// state_dir and output_dir: writable, renames atomic (SQLite's WAL and our temp-file-and-rename
// writes depend on it), and room left.
#include <fcntl.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "health/checks.hpp"

namespace ytm::health {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t mib = 1024 * 1024;
constexpr std::uint64_t min_free = 100 * mib;   // below this, SQLite and documents start failing
constexpr std::uint64_t low_free = 1024 * mib;  // a warning

// Network and FUSE filesystems whose rename is not atomic for every reader, or that break
// SQLite's locking (WAL needs shared memory on one host).
const char* risky_filesystem(const fs::path& dir) {
  struct statfs info {};
  if (::statfs(dir.c_str(), &info) != 0) return nullptr;
  switch (static_cast<unsigned long>(info.f_type)) {
    case 0x6969UL: return "NFS";
    case 0xFF534D42UL: return "CIFS";
    case 0xFE534D42UL: return "SMB2";
    case 0x517BUL: return "SMB";
    case 0x65735546UL: return "FUSE";
    case 0x01021997UL: return "9p";
    default: return nullptr;
  }
}

// Writes, syncs and renames a probe file: what every document and database write does.
std::string write_and_rename(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return "cannot create it: " + ec.message();
  const fs::path probe = dir / (".ytmonitor-doctor." + std::to_string(::getpid()));
  const fs::path renamed = probe.string() + ".renamed";
  int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return std::string("cannot write in it: ") + std::strerror(errno);
  const bool written = ::write(fd, "probe\n", 6) == 6 && ::fsync(fd) == 0;
  const int write_errno = errno;
  ::close(fd);
  std::string problem;
  if (!written) {
    problem = std::string("cannot write in it: ") + std::strerror(write_errno);
  } else if (::rename(probe.c_str(), renamed.c_str()) != 0) {
    problem = std::string("cannot rename a file in it: ") + std::strerror(errno);
  }
  fs::remove(probe, ec);
  fs::remove(renamed, ec);
  return problem;
}

std::string size_text(std::uint64_t bytes) {
  if (bytes >= 10 * 1024 * mib) return std::to_string(bytes / (1024 * mib)) + " GiB";
  return std::to_string(bytes / mib) + " MiB";
}

CheckResult check_folder(const char* name, const fs::path& dir, bool holds_database) {
  CheckResult r;
  r.name = name;
  r.stage = Stage::output;
  const std::string setting = std::string(name) + " " + dir.string();
  const std::string problem = write_and_rename(dir);
  if (!problem.empty()) {
    r.level = Level::fail;
    r.summary = setting + ": " + problem;
    r.fix = "create it and give the daemon's user write access (chown ytmonitor " + dir.string() + "), or point " +
            name + " (or --" + (holds_database ? "state-dir" : "output-dir") + ") elsewhere";
    return r;
  }
  struct statvfs space {};
  const std::uint64_t free = ::statvfs(dir.c_str(), &space) == 0 ? std::uint64_t{space.f_bavail} * space.f_frsize : 0;
  r.summary = setting + " is writable, " + size_text(free) + " free";
  if (const char* fs_name = risky_filesystem(dir)) {
    r.level = holds_database ? Level::fail : Level::warn;
    r.summary += ", but on " + std::string(fs_name);
    r.fix = holds_database ? "keep the state on a local disk: SQLite's write-ahead log needs one"
                           : "write to a local disk and sync it from there (renames on network filesystems may show "
                             "half-written documents)";
  } else if (free < min_free) {
    r.level = Level::fail;
    r.fix = "free some space there (at least " + size_text(min_free) + ") or point " + name + " elsewhere";
  } else if (free < low_free) {
    r.level = Level::warn;
    r.required = false;
    r.fix = "free some space there soon";
  }
  return r;
}

}  // namespace

std::vector<CheckResult> check_folders(const config::Config& config) {
  std::vector<CheckResult> out;
  out.push_back(check_folder("state_dir", config.state_dir, true));
  out.push_back(check_folder("output_dir", config.output_dir, false));
  return out;
}

}  // namespace ytm::health
