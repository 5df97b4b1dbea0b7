#include "support/background.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>
#include <stdexcept>

#include "support/run.hpp"
#include "support/temp_dir.hpp"

namespace ytm::test {

Background::Background(const std::vector<std::string>& argv, std::filesystem::path log,
                       const std::vector<std::pair<std::string, std::string>>& env)
    : log_(std::move(log)) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  auto env_strings = environment_with(env);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int rc = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
}

Background::~Background() {
  if (!reaped_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void Background::signal(int sig) const { ::kill(pid_, sig); }

std::optional<int> Background::wait(std::chrono::milliseconds timeout) {
  int status = 0;
  std::optional<int> code;
  eventually(
      [&] {
        if (reaped_) return true;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
          reaped_ = true;
          code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        return reaped_;
      },
      timeout);
  return code;
}

std::string Background::log() const { return read_file(log_); }

bool Background::wait_for_log(const std::string& text, std::chrono::milliseconds timeout) const {
  return eventually([&] { return log().find(text) != std::string::npos; }, timeout);
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace ytm::test
