#include "core/fault.hpp"

#include <csignal>
#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

namespace ytm {
namespace {

bool step_matches(std::string_view wanted, std::string_view step) {
  if (wanted == step) return true;
  return step.size() > wanted.size() && step.starts_with(wanted) && step[wanted.size()] == '/';
}

// "STEP#N": true for the first N matches in this process.
bool within_count(std::string_view entry) {
  static std::mutex mutex;
  static std::map<std::string, int, std::less<>> fired;
  const auto hash = entry.find('#');
  if (hash == std::string_view::npos) return true;
  const int limit = std::atoi(std::string(entry.substr(hash + 1)).c_str());
  const std::lock_guard lock(mutex);
  return fired[std::string(entry)]++ < limit;
}

bool entry_matches(std::string_view entry, std::string_view step, std::string_view video_id) {
  entry = entry.substr(0, entry.find('#'));
  auto colon = entry.find(':');
  if (colon == std::string_view::npos) return step_matches(entry, step);
  return step_matches(entry.substr(0, colon), step) && entry.substr(colon + 1) == video_id;
}

bool listed(const char* variable, std::string_view step, std::string_view video_id) {
  const char* value = std::getenv(variable);
  if (value == nullptr || *value == '\0') return false;
  std::string_view entries(value);
  while (!entries.empty()) {
    auto comma = entries.find(',');
    const auto entry = entries.substr(0, comma);
    if (entry_matches(entry, step, video_id) && within_count(entry)) return true;
    if (comma == std::string_view::npos) break;
    entries.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

void fault_point(std::string_view step, std::string_view video_id) {
  // SIGKILL: down at once like a crash, without a core file left behind.
  if (listed(kill_variable, step, video_id)) ::raise(SIGKILL);
  if (listed(fault_variable, step, video_id)) {
    throw std::runtime_error("test fault thrown in step " + std::string(step) + " (" + fault_variable + ")");
  }
}

}  // namespace ytm
