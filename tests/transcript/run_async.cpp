#include "run_async.hpp"

#include <signal.h>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

namespace ytm::test {

std::vector<long> read_pids(const std::string& path, std::size_t count) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::vector<long> pids;
  while (std::chrono::steady_clock::now() < deadline) {
    pids.clear();
    std::ifstream in(path);
    long pid = 0;
    while (in >> pid) pids.push_back(pid);
    if (pids.size() >= count) return pids;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pids;
}

int open_fd_count() {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

}  // namespace ytm::test
