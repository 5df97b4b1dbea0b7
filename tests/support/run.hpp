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

// The built ytmonitor with these arguments.
RunResult ytmonitor(const std::vector<std::string>& args);

}  // namespace ytm::test
