#pragma once
// tests/fakes/fake_model as a child process on a free loopback port, for the benchmarks.
#include <csignal>
#include <stdexcept>
#include <string>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace ytm::bench {

// flags: fault settings as fake_model takes them ("--latency_ms", "300", "--mix_rate", "50").
struct FakeModelProcess {
  pid_t pid = -1;
  int port = 0;

  explicit FakeModelProcess(const std::vector<std::string>& flags) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe");
    std::vector<std::string> argv{std::string(YTM_SOURCE_DIR) + "/tests/fakes/fake_model", "--port", "0"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    std::string line;
    char c = 0;
    while (rc == 0 && ::read(out[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(out[0]);
    if (rc != 0 || line.empty()) throw std::runtime_error("cannot start " + argv[0]);
    port = std::stoi(line);
  }
  ~FakeModelProcess() {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
};

}  // namespace ytm::bench
