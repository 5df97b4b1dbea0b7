#pragma once
// The systemd notify protocol without libsystemd: one datagram per message to $NOTIFY_SOCKET.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ytm::service {

class SystemdNotifier {
 public:
  // Reads NOTIFY_SOCKET and WATCHDOG_USEC (honouring WATCHDOG_PID) from the environment.
  SystemdNotifier();
  ~SystemdNotifier();
  SystemdNotifier(const SystemdNotifier&) = delete;
  SystemdNotifier& operator=(const SystemdNotifier&) = delete;

  [[nodiscard]] bool enabled() const { return fd_ >= 0; }
  // Half the watchdog timeout, when systemd asked for keep-alives.
  [[nodiscard]] std::optional<std::chrono::microseconds> watchdog_interval() const { return watchdog_; }

  void ready() { send("READY=1"); }
  void stopping() { send("STOPPING=1"); }
  void reloading();
  void watchdog() { send("WATCHDOG=1"); }
  void status(std::string_view line);
  void send(std::string_view message);

 private:
  int fd_ = -1;
  std::string address_;
  std::optional<std::chrono::microseconds> watchdog_;
};

}  // namespace ytm::service
