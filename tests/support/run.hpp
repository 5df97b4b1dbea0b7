#pragma once
// Runs a program (argv, no shell) to completion for tests and captures what it printed.
#include <string>
#include <utility>
#include <vector>

namespace ytm::test {

struct RunResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

RunResult run(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& env = {});

// This process's environment with env added (later entries win), as "NAME=value" strings.
std::vector<std::string> environment_with(const std::vector<std::pair<std::string, std::string>>& env);

// Whether a process still runs: a pid that is gone, or a zombie waiting for init, is not running.
bool process_running(long pid);
// Waits a moment for a killed process to finish ending; false if it still runs after 3 s.
bool process_ends(long pid);

// The built ytmonitor with these arguments.
RunResult ytmonitor(const std::vector<std::string>& args);

}  // namespace ytm::test
