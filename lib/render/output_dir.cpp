#include "render/output_dir.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace ytm::render {
namespace {

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

struct Parent {
  Fd dir;
  std::string name;  // the last component
  bool missing = false;
};

std::string error_text(int err) { return std::strerror(err); }

Failure write_failure(const std::string& path, int err) {
  return Failure::transient(FailureCode::output_write, "cannot write " + path + ": " + error_text(err) +
                                                " (the result stays stored and is written again on the next try)");
}

Failure path_failure(const std::string& path, const std::string& why) {
  return Failure::permanent(FailureCode::output_path, path + ": " + why);
}

std::string temp_name() {
  unsigned char bytes[8] = {};
  if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    auto pid = static_cast<unsigned>(::getpid());
    std::memcpy(bytes, &pid, sizeof pid);
  }
  static const char* hex = "0123456789abcdef";
  std::string name = ".ytmonitor-";
  for (auto b : bytes) {
    name += hex[b >> 4];
    name += hex[b & 0xF];
  }
  return name + ".tmp";
}

Outcome<std::vector<std::string>> components(const std::string& root, std::string_view relative) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= relative.size(); ++i) {
    if (i < relative.size() && relative[i] != '/') continue;
    auto part = relative.substr(start, i - start);
    start = i + 1;
    if (part.empty() || part == "." || part == ".." || part.find('\0') != std::string_view::npos) {
      return path_failure(root + "/" + std::string(relative), "not a plain path below the output folder");
    }
    parts.emplace_back(part);
  }
  return parts;
}

// Opens every folder up to the last component, each relative to the one before and never
// through a symlink; creates missing ones when asked.
Outcome<Parent> open_parent(int root_fd, const std::string& root, std::string_view relative, bool create) {
  auto parts = components(root, relative);
  if (!parts) return parts.failure();
  Parent parent{Fd(::fcntl(root_fd, F_DUPFD_CLOEXEC, 0)), parts->back(), false};
  std::string path = root;
  for (std::size_t i = 0; i + 1 < parts->size(); ++i) {
    const auto& part = (*parts)[i];
    path += "/" + part;
    if (create && ::mkdirat(parent.dir.get(), part.c_str(), 0755) != 0 && errno != EEXIST) {
      return write_failure(path, errno);
    }
    Fd next(::openat(parent.dir.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (next.get() < 0) {
      if (errno == ENOENT && !create) {
        parent.missing = true;
        return parent;
      }
      if (errno == ELOOP || errno == ENOTDIR) {
        return path_failure(path, "is a symbolic link or not a folder; ytmonitor writes only inside the output folder");
      }
      return write_failure(path, errno);
    }
    parent.dir = std::move(next);
  }
  return parent;
}

bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    auto n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = ENOSPC;
      return false;
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

Outcome<OutputDir> OutputDir::open(const std::string& root) {
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return write_failure(root, errno);
  return OutputDir(root, fd);
}

OutputDir::OutputDir(OutputDir&& other) noexcept : root_(std::move(other.root_)), fd_(std::exchange(other.fd_, -1)) {}

OutputDir::~OutputDir() {
  if (fd_ >= 0) ::close(fd_);
}

Outcome<std::optional<std::string>> OutputDir::read(std::string_view relative) const {
  auto parent = open_parent(fd_, root_, relative, false);
  if (!parent) return parent.failure();
  if (parent->missing) return std::optional<std::string>();
  Fd file(::openat(parent->dir.get(), parent->name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (file.get() < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    if (errno == ELOOP) return std::optional<std::string>("");
    return Failure::transient(FailureCode::output_read,
                              "cannot read " + root_ + "/" + std::string(relative) + ": " + error_text(errno));
  }
  struct stat st {};
  if (::fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::optional<std::string>("");
  std::string content;
  char buf[65536];
  for (;;) {
    auto n = ::read(file.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return Failure::transient(FailureCode::output_read,
                                "cannot read " + root_ + "/" + std::string(relative) + ": " + error_text(errno));
    }
    if (n == 0) break;
    content.append(buf, static_cast<std::size_t>(n));
  }
  return std::optional<std::string>(std::move(content));
}

Status OutputDir::write(std::string_view relative, std::string_view content) const {
  auto parent = open_parent(fd_, root_, relative, true);
  if (!parent) return parent.failure();
  auto path = root_ + "/" + std::string(relative);
  int dir = parent->dir.get();
  std::string temp;
  Fd file;
  for (int attempt = 0; attempt < 8 && file.get() < 0; ++attempt) {
    temp = temp_name();
    file = Fd(::openat(dir, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (file.get() < 0 && errno != EEXIST) return write_failure(path, errno);
  }
  if (file.get() < 0) return write_failure(path, EEXIST);
  auto fail = [&](int err) -> Status {
    ::unlinkat(dir, temp.c_str(), 0);
    return write_failure(path, err);
  };
  if (!write_all(file.get(), content) || ::fsync(file.get()) != 0) return fail(errno);
  if (::close(file.release()) != 0) return fail(errno);
  if (::renameat(dir, temp.c_str(), dir, parent->name.c_str()) != 0) return fail(errno);
  // The rename is only durable once the folder is; some filesystems cannot fsync a folder (EINVAL).
  if (::fsync(dir) != 0 && errno != EINVAL) return write_failure(path, errno);
  return success();
}

Status OutputDir::remove(std::string_view relative) const {
  auto parent = open_parent(fd_, root_, relative, false);
  if (!parent) return parent.failure();
  if (parent->missing) return success();
  if (::unlinkat(parent->dir.get(), parent->name.c_str(), 0) != 0 && errno != ENOENT) {
    return write_failure(root_ + "/" + std::string(relative), errno);
  }
  return success();
}

}  // namespace ytm::render
