#pragma once
// A datagram socket standing in for systemd's $NOTIFY_SOCKET: collects what the daemon sends.
#include <chrono>
#include <string>
#include <vector>

namespace ytm::test {

class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path);
  ~NotifySocket();
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  // The next message, or "" when none comes within 200 ms.
  std::string receive();
  // Receives until a message contains text (true), or timeout passes (false).
  bool wait_for(const std::string& text, std::chrono::milliseconds timeout);

  std::vector<std::string> received;

 private:
  int fd_ = -1;
};

}  // namespace ytm::test
