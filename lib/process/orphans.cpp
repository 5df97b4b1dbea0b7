// Processes left by a ytmonitor that was killed: found by the owner its children carry in their
// environment (spawn.hpp), which their own children inherit.
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/process_identity.hpp"
#include "process/process.hpp"
#include "process/spawn.hpp"

namespace ytm::process {
namespace {

// The value of YTMONITOR_OWNER in /proc/PID/environ, or "" (not set, not ours to read, gone).
std::string owner_of(const std::filesystem::path& proc_entry) {
  std::ifstream in(proc_entry / "environ", std::ios::binary);
  const std::string environ_text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string key = std::string(detail::owner_variable) + "=";
  for (std::size_t at = 0; at < environ_text.size();) {
    auto end = environ_text.find('\0', at);
    if (end == std::string::npos) end = environ_text.size();
    if (environ_text.compare(at, key.size(), key) == 0)
      return environ_text.substr(at + key.size(), end - at - key.size());
    at = end + 1;
  }
  return "";
}

pid_t pid_of(const std::string& name) {
  if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) return 0;
  return static_cast<pid_t>(std::stol(name));
}

}  // namespace

int kill_orphaned_children() {
  int killed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const pid_t pid = pid_of(entry.path().filename().string());
    if (pid <= 0 || pid == ::getpid()) continue;
    auto owner = parse_identity(owner_of(entry.path()));
    if (!owner || owner_may_be_running(*owner)) continue;
    // The group is the dead child's (it was its leader), never ours; while a member lives its id
    // cannot be reused, so this reaches no stranger.
    const pid_t group = ::getpgid(pid);
    if (group > 0 && group != ::getpgrp()) ::kill(-group, SIGKILL);
    ::kill(pid, SIGKILL);
    ++killed;
  }
  return killed;
}

}  // namespace ytm::process
