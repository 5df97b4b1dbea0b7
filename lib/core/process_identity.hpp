#pragma once
// Who holds a lease: this host (its boot, so a reboot ends every old lease), the pid, and the
// process's start time (so a pid reused by another program is not taken for the old daemon).
#include <cstdint>
#include <optional>
#include <string>

namespace ytm {

struct ProcessIdentity {
  std::string host;  // boot id (/proc/sys/kernel/random/boot_id), else the hostname
  std::int64_t pid = 0;
  std::int64_t started = 0;  // clock ticks since boot (/proc/PID/stat, field 22)

  // "host:pid:started", unique among processes that ever ran on any host
  [[nodiscard]] std::string text() const;
};

// The identity written by text(), or nullopt for anything else.
std::optional<ProcessIdentity> parse_identity(const std::string& text);

// This process.
const ProcessIdentity& self_identity();

// The start time of a running pid on this host, or 0 when no such process runs.
std::int64_t process_start_time(std::int64_t pid);

// False only when the owner ran on this host and is certainly gone: its pid no longer runs, or
// runs with another start time (a reused pid) — or the host id is this host's before a reboot,
// which cannot be told apart from another host, so that case stays alive until the lease expires.
bool owner_may_be_running(const ProcessIdentity& owner);

}  // namespace ytm
