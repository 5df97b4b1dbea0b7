#pragma once
// The channel monitor: one polling loop per subscribed channel on the io_context, spread with
// jitter, at most max_concurrent_fetches feed requests in flight, conditional requests, backoff
// per channel, hot reload of the subscription list.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <unordered_set>

#include "config/config.hpp"
#include "core/blocking.hpp"
#include "core/limiter.hpp"
#include "net/http_client.hpp"
#include "store/store.hpp"

namespace ytm::transcript {
class YtdlpGate;
}

namespace ytm::monitor {

struct PollReport {
  std::string result;  // ok, unchanged, or a failure code
  std::string error;
  int queued = 0;
  int new_videos = 0;
};

class Monitor {
 public:
  // Its yt-dlp listings take their turns at `gate`, with the workers' video fetches.
  Monitor(boost::asio::io_context& io, BlockingPool& pool, store::Store& store, net::HttpClient& http,
          const config::Config& config, std::shared_ptr<transcript::YtdlpGate> gate);
  ~Monitor();

  // Starts, stops or updates channel loops to match the subscription list (first call and reloads).
  void apply(const config::Config& config, const config::Subscriptions& subscriptions);
  // Polls every channel once, max_concurrent_fetches at a time; for poll-once.
  boost::asio::awaitable<std::map<std::string, PollReport>> poll_all(const config::Subscriptions& subscriptions);
  void stop();

  // Called on the io thread whenever a poll queued new videos (wakes the workers).
  std::function<void()> on_queued;

 private:
  struct Slot;
  struct PollAll;
  boost::asio::awaitable<void> channel_loop(std::shared_ptr<Slot> slot);
  boost::asio::awaitable<void> poll_worker(std::shared_ptr<PollAll> run);
  boost::asio::awaitable<PollReport> poll(Slot& slot);
  boost::asio::awaitable<bool> resolve(Slot& slot);
  boost::asio::awaitable<PollReport> fetch_feed(Slot& slot, std::chrono::milliseconds& next_delay);
  // A changed feed: true when it parsed and was recorded with the poll's outcome.
  boost::asio::awaitable<bool> take_feed(Slot& slot, const std::optional<store::ChannelRecord>& record,
                                         const std::string& body, store::PollOutcome& outcome, PollReport& report,
                                         std::chrono::milliseconds& next_delay);
  // The channel's row, written (on the pool, in the poll's transaction) when missing or changed.
  void register_channel(const Slot& slot, const std::optional<store::ChannelRecord>& record,
                        const std::string& feed_title = "");
  // Fills in the outcome's result and next poll, and the delay until then.
  void settle(Slot& slot, const PollReport& report, std::optional<std::chrono::seconds> retry_after,
              store::PollOutcome& outcome, std::chrono::milliseconds& next_delay);
  boost::asio::awaitable<void> fill_gap(Slot& slot, std::unordered_set<std::string> in_feed);
  void start_loop(const std::shared_ptr<Slot>& slot);
  void poll_sooner(Slot& slot);

  boost::asio::io_context& io_;
  BlockingPool& pool_;
  store::Store& store_;
  net::HttpClient& http_;
  std::shared_ptr<transcript::YtdlpGate> gate_;
  config::Config config_;
  Limiter limiter_;
  std::mt19937 random_;
  std::map<std::string, std::shared_ptr<Slot>> slots_;  // by subscription source
};

}  // namespace ytm::monitor
