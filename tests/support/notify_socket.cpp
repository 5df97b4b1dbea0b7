#include "support/notify_socket.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "support/background.hpp"

namespace ytm::test {

NotifySocket::NotifySocket(const std::string& path) {
  fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw std::runtime_error("cannot bind the notify socket " + path);
  }
  timeval tv{0, 200'000};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

NotifySocket::~NotifySocket() { ::close(fd_); }

std::string NotifySocket::receive() {
  char buf[4096];
  auto n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) return {};
  received.emplace_back(buf, static_cast<std::size_t>(n));
  return received.back();
}

bool NotifySocket::wait_for(const std::string& text, std::chrono::milliseconds timeout) {
  return eventually([&] { return receive().find(text) != std::string::npos && !text.empty(); }, timeout);
}

}  // namespace ytm::test
