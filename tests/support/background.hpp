#pragma once
// A program running in the background for the length of a test (the daemon, a stand-in server):
// argv, no shell; stdout and stderr go to a log file the test can read. Killed when destroyed.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ytm::test {

class Background {
 public:
  Background(const std::vector<std::string>& argv, std::filesystem::path log,
             const std::vector<std::pair<std::string, std::string>>& env = {});
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  void signal(int sig) const;
  // The exit code once it has ended (-1 for a signal), or nullopt if it is still running after timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  [[nodiscard]] std::string log() const;
  // Waits until the log contains text; false after timeout.
  bool wait_for_log(const std::string& text, std::chrono::milliseconds timeout) const;

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::filesystem::path log_;
};

// How many times what occurs in text (log lines, say).
std::size_t occurrences(const std::string& text, const std::string& what);

// Polls condition every 50 ms until it holds or timeout passes.
template <class F>
bool eventually(F condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    struct timespec ts {
      0, 50'000'000
    };
    nanosleep(&ts, nullptr);
  }
  return condition();
}

}  // namespace ytm::test
