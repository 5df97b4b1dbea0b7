#pragma once
// tests/fakes/fake_model as a child process on a free loopback port, for the benchmarks.
#include <string>
#include <vector>

#include "support/stand_in_process.hpp"

namespace ytm::bench {

inline std::vector<std::string> fake_model_argv(const std::vector<std::string>& flags) {
  std::vector<std::string> argv{std::string(YTM_SOURCE_DIR) + "/tests/fakes/fake_model", "--port", "0"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  return argv;
}

// flags: fault settings as fake_model takes them ("--latency_ms", "300", "--mix_rate", "50").
struct FakeModelProcess : test::StandInProcess {
  explicit FakeModelProcess(const std::vector<std::string>& flags) : StandInProcess(fake_model_argv(flags)) {}
};

}  // namespace ytm::bench
