#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "service/systemd_notify.hpp"
#include "support/temp_dir.hpp"

namespace {

// A datagram socket standing in for systemd's notify socket.
struct NotifySocket {
  explicit NotifySocket(const std::string& path) {
    fd = ::socket(AF_UNIX, SOCK_DGRAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval tv{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~NotifySocket() { ::close(fd); }
  std::string receive() const {
    char buf[4096];
    auto n = ::recv(fd, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  }
  int fd;
};

}  // namespace

TEST_CASE("notify messages reach the socket named by NOTIFY_SOCKET, with the watchdog at half its timeout") {
  ytm::test::TempDir dir;
  auto path = (dir / "notify").string();
  NotifySocket socket(path);
  ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
  ::setenv("WATCHDOG_USEC", "4000000", 1);
  ::unsetenv("WATCHDOG_PID");
  ytm::service::SystemdNotifier notifier;
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  REQUIRE(notifier.enabled());
  REQUIRE(notifier.watchdog_interval());
  CHECK(notifier.watchdog_interval()->count() == 2'000'000);
  notifier.ready();
  CHECK(socket.receive() == "READY=1");
  notifier.status("3 channels,\n2 queued");
  CHECK(socket.receive() == "STATUS=3 channels, 2 queued");
  notifier.watchdog();
  CHECK(socket.receive() == "WATCHDOG=1");
  notifier.stopping();
  CHECK(socket.receive() == "STOPPING=1");
}

TEST_CASE("without NOTIFY_SOCKET nothing is sent and nothing fails") {
  ::unsetenv("NOTIFY_SOCKET");
  ytm::service::SystemdNotifier notifier;
  CHECK_FALSE(notifier.enabled());
  notifier.ready();
  CHECK_FALSE(notifier.watchdog_interval());
}
