#include "notify/outbox.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/backoff.hpp"
#include "core/fault.hpp"
#include "core/hash.hpp"
#include "core/spawn.hpp"
#include "notify/webhook.hpp"

namespace ytm::notify {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

constexpr auto idle_check = 10s;  // also picks up what `ytmonitor process` put in the outbox

std::string apprise_label(const std::string& url) { return "apprise " + url.substr(0, url.find("://")) + "://…"; }

// The configured URL with this hash, or "" when it is no longer configured.
std::string target_url(const config::NotifySettings& settings, const store::Notification& n) {
  if (n.target == "webhook") {
    return sha256_hex(settings.webhook_url) == n.target_hash ? settings.webhook_url : "";
  }
  for (const auto& url : settings.apprise) {
    if (sha256_hex(url) == n.target_hash) return url;
  }
  return "";
}

}  // namespace

std::vector<store::Notification> notifications_for(const config::NotifySettings& settings, store::Notification base) {
  std::vector<store::Notification> out;
  if (!settings.webhook_url.empty()) {
    auto n = base;
    n.target = "webhook";
    n.target_hash = sha256_hex(settings.webhook_url);
    n.label = "webhook";
    out.push_back(std::move(n));
  }
  for (const auto& url : settings.apprise) {
    auto n = base;
    n.target = "apprise";
    n.target_hash = sha256_hex(url);
    n.label = apprise_label(url);
    out.push_back(std::move(n));
  }
  return out;
}

std::vector<store::Notification> document_notifications(const config::NotifySettings& settings,
                                                        const pipeline::VideoResult& r) {
  store::Notification base;
  base.subject = r.video.id;
  base.title = r.video.title;
  base.channel = r.video.channel;
  base.body = r.summary.tldr;
  base.link = r.video.url;
  return notifications_for(settings, std::move(base));
}

Outbox::Outbox(asio::io_context& io, BlockingPool& pool, store::Store& store, net::HttpClient& http,
               const config::Loaded& loaded)
    : io_(io), pool_(pool), store_(store), http_(http), loaded_(loaded), timer_(io), random_(std::random_device{}()) {}

void Outbox::start() {
  spawn_supervised(
      io_.get_executor(), [this] { return loop(); }, "notification outbox");
}

void Outbox::wake() { timer_.cancel(); }

void Outbox::stop() {
  stopping_ = true;
  timer_.cancel();
}

asio::awaitable<void> Outbox::loop() {
  fault_point("outbox", "");
  int failures = 0;
  while (!stopping_) {
    auto wait = idle_check;
    try {
      co_await send_due();
      failures = 0;
    } catch (const std::exception& e) {
      // The store was busy or a send broke in a way we did not foresee: the rows stay pending.
      spdlog::error("notification outbox: {}; trying again shortly", e.what());
      wait = std::chrono::duration_cast<std::chrono::seconds>(backoff_delay(++failures, 5s, 10min, 0.2, random_));
    }
    if (stopping_) break;
    timer_.expires_after(wait);
    co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

asio::awaitable<void> Outbox::send_due() {
  while (!stopping_) {
    auto now = now_unix();
    auto due = co_await pool_.run([&] { return store_.due_notifications(now, 16); });
    if (due.empty()) co_return;
    for (const auto& n : due) {
      if (stopping_) co_return;
      auto sent = co_await send(n);
      auto at = now_unix();
      if (sent) {
        spdlog::info("notification for {} sent to {}", n.subject, n.label);
        co_await pool_.run([&] { store_.notification_sent(n.id, at); });
        continue;
      }
      auto attempt = n.attempts + 1;
      std::optional<UnixTime> retry_at;
      bool gone = sent.failure().code == FailureCode::target_removed;
      if (!gone && attempt < notification_attempts) {
        retry_at =
            at +
            std::chrono::duration_cast<std::chrono::seconds>(backoff_delay(attempt, 1min, 24h, 0.2, random_)).count();
      }
      spdlog::warn("notification for {} to {} failed (attempt {}): {}{}", n.subject, n.label, attempt,
                   sent.failure().message, retry_at ? "; next try " + format_iso8601(*retry_at) : "; given up");
      co_await pool_.run([&] { store_.notification_failed(n.id, sent.failure().message, retry_at, at); });
    }
  }
}

asio::awaitable<Status> Outbox::send(store::Notification n) {
  const auto& settings = loaded_.config.notify;
  auto url = target_url(settings, n);
  if (url.empty()) {
    co_return Failure::permanent(FailureCode::target_removed, "this target is no longer in the configuration");
  }
  if (n.target == "webhook") co_return co_await send_webhook(&http_, url, n);
  co_return co_await send_apprise(io_.get_executor(), settings.apprise_command, url, n);
}

}  // namespace ytm::notify
