#pragma once
// The channel monitor: one polling loop per subscribed channel on the io_context, spread with
// jitter, at most max_concurrent_fetches feed requests in flight, conditional requests, backoff
// per channel, hot reload of the subscription list. When YouTube's feeds fail for every channel
// (PollPlanner says when), one channel probes the feed and the others are listed through yt-dlp,
// each run taking its turn at the shared YtdlpGate.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/blocking.hpp"
#include "core/limiter.hpp"
#include "monitor/feed_intake.hpp"
#include "monitor/poll_planner.hpp"
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
  boost::asio::awaitable<std::map<std::string, PollReport>> poll_all(config::Subscriptions subscriptions);
  void stop();

  // Called on the io thread whenever a poll queued new videos (wakes the workers).
  std::function<void()> on_queued;
  // Called on the io thread when feeds_status changes: YouTube's feeds begin or stop failing for
  // every channel, or a channel fails to resolve or resolves at last.
  std::function<void()> on_feeds_changed;

  // {"failing": false}, or while the feeds fail for every channel {"failing": true, "since": ISO,
  // "since_unix", "results": ["http_404"…], "text": "YouTube feeds failing since 14:05 (404): …"};
  // either with "unresolved": {source: {error, failures, next_try}} for the channels that cannot
  // be resolved.
  [[nodiscard]] nlohmann::json feeds_status() const;

 private:
  struct Slot;
  struct PollAll;
  boost::asio::awaitable<void> channel_loop(std::shared_ptr<Slot> slot);
  void poll_failed(Slot& slot, const std::string& what);
  boost::asio::awaitable<void> poll_worker(std::shared_ptr<PollAll> run);
  // The coroutines below take the slot (and the poll's out-values) by pointer: each is awaited to
  // its end by a caller that owns them.
  boost::asio::awaitable<PollReport> poll(Slot* slot);
  boost::asio::awaitable<bool> resolve(Slot* slot);
  boost::asio::awaitable<PollReport> fetch_feed(Slot* slot, std::chrono::milliseconds* next_delay);
  // A changed feed: true when it parsed and was recorded with the poll's outcome.
  boost::asio::awaitable<bool> take_feed(Slot* slot, std::optional<store::ChannelRecord> record, std::string body,
                                         store::PollOutcome* outcome, PollReport* report,
                                         std::chrono::milliseconds* next_delay);
  // The channel's row, written (on the pool, in the poll's transaction) when missing or changed.
  void register_channel(const Slot& slot, const std::optional<store::ChannelRecord>& record,
                        const std::string& feed_title = "");
  // Fills in the outcome's result and next poll, and the delay until then.
  void settle(Slot& slot, const PollReport& report, std::optional<std::chrono::seconds> retry_after,
              store::PollOutcome& outcome, std::chrono::milliseconds& next_delay);
  boost::asio::awaitable<void> fill_gap(Slot* slot, std::unordered_set<std::string> in_feed);
  // The channel's `newest` uploads through yt-dlp, those newer than the newest we know (but
  // in_feed) taken in with `origin`: after a gap in the feed, and while the feeds fail.
  boost::asio::awaitable<Outcome<IntakeResult>> take_listing(Slot* slot, int newest, std::string origin,
                                                             std::unordered_set<std::string> in_feed);
  void start_loop(const std::shared_ptr<Slot>& slot);
  void poll_sooner(Slot& slot);
  // What the planner decided for other channels than the one that answered.
  void wake(const std::vector<PollPlanner::Wake>& wakes);
  void outage_began(PollPlanner::Decision& decision);
  void outage_ended();
  [[nodiscard]] std::string outage_text() const;
  boost::asio::awaitable<void> acquit(std::vector<std::string> channel_ids, std::string error);
  // While the feeds fail: lists the channel most overdue, one yt-dlp run per gate turn.
  boost::asio::awaitable<void> list_during_outage();
  boost::asio::awaitable<void> list_one(std::string source);

  boost::asio::io_context& io_;
  BlockingPool& pool_;
  store::Store& store_;
  net::HttpClient& http_;
  std::shared_ptr<transcript::YtdlpGate> gate_;
  config::Config config_;
  Limiter limiter_;
  std::mt19937 random_;
  std::map<std::string, std::shared_ptr<Slot>> slots_;  // by subscription source
  PollPlanner planner_;                                 // keyed by subscription source
  std::map<std::string, std::string> channel_ids_;      // subscription source -> resolved channel id
  UnixTime outage_since_ = 0;
  bool listing_ = false;  // list_during_outage runs
  boost::asio::steady_timer listing_timer_;
};

}  // namespace ytm::monitor
