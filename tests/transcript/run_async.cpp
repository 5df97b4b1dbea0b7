#include "run_async.hpp"

#include <signal.h>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

namespace ytm::test {

bool process_running(long pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  auto paren = line.rfind(')');
  if (paren == std::string::npos || paren + 2 >= line.size()) return false;
  char state = line[paren + 2];
  return state != 'Z' && state != 'X';
}

bool process_ends(long pid) {
  // A killed process closes its files a moment before it shows as ended.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (process_running(pid)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

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
