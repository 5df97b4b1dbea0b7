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

// The built ytmonitor with these arguments.
RunResult ytmonitor(const std::vector<std::string>& args);

}  // namespace ytm::test
