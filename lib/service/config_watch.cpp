#include "service/config_watch.hpp"

#include <spdlog/spdlog.h>
#include <sys/inotify.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>

#include "core/spawn.hpp"

namespace ytm::service {

namespace asio = boost::asio;
using namespace std::chrono_literals;

ConfigWatch::ConfigWatch(asio::io_context& io, const std::vector<std::filesystem::path>& files,
                         std::function<void()> on_change)
    : io_(io), on_change_(std::move(on_change)), stream_(io) {
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) {
    spdlog::warn("cannot watch the configuration files (inotify: {}); reload with SIGHUP", std::strerror(errno));
    return;
  }
  stream_.assign(fd);
  std::set<std::string> folders;
  for (const auto& f : files) {
    auto absolute = std::filesystem::absolute(f);
    names_.insert(absolute.filename().string());
    folders.insert(absolute.parent_path().string());
  }
  constexpr auto mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MODIFY;
  for (const auto& folder : folders) {
    if (inotify_add_watch(fd, folder.c_str(), mask) < 0) {
      spdlog::warn("cannot watch {} for changes: {}; reload with SIGHUP", folder, std::strerror(errno));
    }
  }
}

ConfigWatch::~ConfigWatch() { stop(); }

void ConfigWatch::start() {
  if (!stream_.is_open()) return;
  spawn_logged(io_.get_executor(), watch_loop(), "configuration watch (reload with SIGHUP from now on)");
}

void ConfigWatch::stop() {
  stopped_ = true;
  boost::system::error_code ignored;
  stream_.close(ignored);
}

bool ConfigWatch::concerns_us(const char* events, std::size_t length) const {
  std::size_t offset = 0;
  while (offset + sizeof(inotify_event) <= length) {
    const auto* event = reinterpret_cast<const inotify_event*>(events + offset);
    if (event->len > 0 && names_.count(event->name)) return true;
    offset += sizeof(inotify_event) + event->len;
  }
  return false;
}

asio::awaitable<void> ConfigWatch::watch_loop() {
  alignas(inotify_event) std::array<char, 8192> buffer{};
  asio::steady_timer settle(io_);
  while (!stopped_) {
    auto [ec, n] = co_await stream_.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable));
    if (ec) break;
    if (!concerns_us(buffer.data(), n)) continue;
    // An editor's save is several events (write, rename, chmod): react once, after they settle.
    settle.expires_after(300ms);
    co_await settle.async_wait(asio::as_tuple(asio::use_awaitable));
    while (true) {
      boost::system::error_code drain_ec;
      stream_.non_blocking(true);
      stream_.read_some(asio::buffer(buffer), drain_ec);
      if (drain_ec) break;
    }
    if (!stopped_) on_change_();
  }
}

}  // namespace ytm::service
