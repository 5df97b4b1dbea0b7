#pragma once
// Notifications that are never lost: each one is first put in the store's outbox (in the same
// transaction as the document it announces), then sent by this loop. A restart resumes what is
// pending; a failed send is retried with backoff growing to a day, then given up ("failed"),
// which status and /metrics show. Targets are found by the hash of their URL in the current
// configuration, so a URL removed from it is not tried again.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <random>
#include <string>
#include <vector>

#include "config/loader.hpp"
#include "core/blocking.hpp"
#include "pipeline/result.hpp"
#include "store/store.hpp"

namespace ytm::net {
class HttpClient;
}

namespace ytm::notify {

inline constexpr int notification_attempts = 12;  // waits of 1 min doubling to 17 h: a day and a half in all

// One per configured target (the webhook, each Apprise URL) for a finished video; path is filled
// in when the document is recorded.
std::vector<store::Notification> document_notifications(const config::NotifySettings& settings,
                                                        const pipeline::VideoResult& result);
// The same for another subject (a digest): title, body and path given.
std::vector<store::Notification> notifications_for(const config::NotifySettings& settings, store::Notification base);

class Outbox {
 public:
  Outbox(boost::asio::io_context& io, BlockingPool& pool, store::Store& store, net::HttpClient& http,
         const config::Loaded& loaded);

  void start();
  void wake();  // something was added
  void stop();

 private:
  boost::asio::awaitable<void> loop();
  boost::asio::awaitable<void> send_due();
  boost::asio::awaitable<Status> send(store::Notification n);

  boost::asio::io_context& io_;
  BlockingPool& pool_;
  store::Store& store_;
  net::HttpClient& http_;
  const config::Loaded& loaded_;
  boost::asio::steady_timer timer_;
  std::mt19937 random_;
  bool stopping_ = false;
};

}  // namespace ytm::notify
