#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>

#include "service/systemd_notify.hpp"
#include "support/notify_socket.hpp"
#include "support/temp_dir.hpp"

using ytm::test::NotifySocket;

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
