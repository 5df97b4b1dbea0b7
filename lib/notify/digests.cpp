#include "notify/digests.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/fault.hpp"
#include "core/spawn.hpp"
#include "notify/outbox.hpp"
#include "render/digest.hpp"

namespace ytm::notify {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

constexpr auto check_every = 5min;

std::vector<store::Notification> digest_notifications(const config::Config& c, const render::DigestPeriod& period) {
  store::Notification base;
  base.subject = "digest:" + period.name;
  base.title = render::digest_title(period, c.output.language);
  return notifications_for(c.notify, base);
}

}  // namespace

DigestWriter::DigestWriter(asio::io_context& io, BlockingPool& pool, store::Store& store, const config::Loaded& loaded,
                           std::function<void()> notified)
    : io_(io), pool_(pool), store_(store), loaded_(loaded), notified_(std::move(notified)), timer_(io) {}

void DigestWriter::start() {
  spawn_supervised(
      io_.get_executor(), [this] { return loop(); }, "digest writer");
}

void DigestWriter::stop() {
  stopping_ = true;
  timer_.cancel();
}

int DigestWriter::write_due(UnixTime now) {
  const auto& c = loaded_.config;
  if (c.output.digest == config::Digest::off) return 0;
  int written = 0;
  auto current = render::digest_period(c.output.digest, now);
  int look_back = c.output.digest == config::Digest::daily ? 7 : 4;
  std::vector<render::DigestPeriod> due;
  for (auto p = current; static_cast<int>(due.size()) < look_back;) {
    p = render::digest_period(c.output.digest, p.from - 1);
    due.insert(due.begin(), p);  // oldest first, so the newest digest ends up on top of the feed
  }
  for (const auto& period : due) {
    auto notifications = digest_notifications(c, period);
    auto record = render::write_digest(store_, c, period, notifications);
    if (!record) {
      spdlog::warn("digest {}: {}", period.name, record.failure().message);
      continue;
    }
    if (!*record) continue;
    ++written;
    spdlog::info("wrote digest {} ({} documents)", (*record)->path, (*record)->documents);
    if (!notifications.empty() && notified_) notified_();
  }
  return written;
}

asio::awaitable<void> DigestWriter::loop() {
  fault_point("digests", "");
  while (!stopping_) {
    try {
      co_await pool_.run([&] { return write_due(now_unix()); });
    } catch (const std::exception& e) {
      spdlog::error("digests: {}; trying again in {} minutes", e.what(), check_every.count());
    }
    timer_.expires_after(check_every);
    co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

}  // namespace ytm::notify
