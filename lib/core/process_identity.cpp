#include "core/process_identity.hpp"

#include <unistd.h>

#include <array>
#include <fstream>
#include <sstream>

namespace ytm {
namespace {

std::string read_line(const char* file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string host_id() {
  auto boot = read_line("/proc/sys/kernel/random/boot_id");
  if (!boot.empty()) return boot;
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) == 0) return name.data();
  return "unknown-host";
}

}  // namespace

std::string ProcessIdentity::text() const { return host + ":" + std::to_string(pid) + ":" + std::to_string(started); }

std::optional<ProcessIdentity> parse_identity(const std::string& text) {
  auto last = text.rfind(':');
  if (last == std::string::npos || last == 0) return std::nullopt;
  auto before = text.rfind(':', last - 1);
  if (before == std::string::npos || before == 0) return std::nullopt;
  try {
    ProcessIdentity id;
    id.host = text.substr(0, before);
    id.pid = std::stoll(text.substr(before + 1, last - before - 1));
    id.started = std::stoll(text.substr(last + 1));
    return id;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::int64_t process_start_time(std::int64_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return 0;
  // The command name (field 2) is in parentheses and may hold spaces and ')': fields after the
  // last ')' are plain. starttime is field 22, the 20th after the name.
  auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 1));
  std::string field;
  for (int i = 3; i <= 22; ++i) {
    if (!(fields >> field)) return 0;
  }
  try {
    return std::stoll(field);
  } catch (const std::exception&) {
    return 0;
  }
}

const ProcessIdentity& self_identity() {
  static const ProcessIdentity self = [] {
    ProcessIdentity id;
    id.host = host_id();
    id.pid = ::getpid();
    id.started = process_start_time(id.pid);
    return id;
  }();
  return self;
}

bool owner_may_be_running(const ProcessIdentity& owner) {
  if (owner.host.empty() || owner.pid <= 0) return true;  // an owner from before pids were recorded
  if (owner.host != self_identity().host) return true;
  const auto started = process_start_time(owner.pid);
  return owner.started == 0 ? started != 0 : started == owner.started;
}

}  // namespace ytm
