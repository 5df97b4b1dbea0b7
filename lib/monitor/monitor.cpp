#include "monitor/monitor.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/backoff.hpp"
#include "core/duration.hpp"
#include "core/spawn.hpp"
#include "config/channel_filter.hpp"
#include "monitor/slot.hpp"

namespace ytm::monitor {

namespace asio = boost::asio;
using namespace std::chrono_literals;

Monitor::Monitor(asio::io_context& io, BlockingPool& pool, store::Store& store, net::HttpClient& http,
                 const config::Config& config, std::shared_ptr<transcript::YtdlpGate> gate)
    : io_(io),
      pool_(pool),
      store_(store),
      http_(http),
      gate_(std::move(gate)),
      config_(config),
      limiter_(config.youtube.max_concurrent_fetches),
      random_(std::random_device{}()),
      planner_({config.youtube.poll_interval, config.youtube.jitter}, std::random_device{}()),
      listing_timer_(io) {}

Monitor::~Monitor() { stop(); }

void Monitor::stop() {
  for (auto& [source, slot] : slots_) {
    slot->stopped = true;
    slot->timer.cancel();
  }
  slots_.clear();
  listing_timer_.cancel();
}

void Monitor::apply(const config::Config& config, const config::Subscriptions& subscriptions) {
  const bool sooner = config.youtube.poll_interval < config_.youtube.poll_interval;
  config_ = config;
  limiter_.set_max(config.youtube.max_concurrent_fetches);
  planner_.set_pacing({config.youtube.poll_interval, config.youtube.jitter});
  std::map<std::string, std::shared_ptr<Slot>> next;
  for (const auto& channel : subscriptions.channels) {
    auto it = slots_.find(channel.source());
    if (it != slots_.end()) {
      it->second->settings = channel;
      it->second->filter = config::ChannelFilter(channel);
      if (sooner) poll_sooner(*it->second);
      next.emplace(channel.source(), it->second);
      slots_.erase(it);
      continue;
    }
    auto slot = std::make_shared<Slot>(io_, channel);
    next.emplace(channel.source(), slot);
    start_loop(slot);
    spdlog::info("channel {}: watching", channel.source());
  }
  for (auto& [source, slot] : slots_) {
    spdlog::info("channel {}: no longer in the subscription list, stopped", source);
    slot->stopped = true;
    slot->timer.cancel();
  }
  slots_ = std::move(next);
  std::vector<std::string> sources;
  for (const auto& [source, slot] : slots_) sources.push_back(source);
  wake(planner_.set_channels(sources, std::chrono::steady_clock::now()));
}

void Monitor::start_loop(const std::shared_ptr<Slot>& slot) {
  // Spread the first polls over up to a minute: a restart must not fire every channel at once.
  auto spread = std::min<std::chrono::milliseconds>(config_.youtube.poll_interval, 60s);
  slot->next_delay = std::chrono::milliseconds(std::uniform_int_distribution<long long>(0, spread.count())(random_));
  spawn_logged(io_.get_executor(), channel_loop(slot), "channel " + slot->settings.source() + ": polling loop");
}

// A shorter poll_interval applies to the waits under way too: a channel due in an hour under the
// old interval is polled within the new one (a channel backing off after failures keeps its wait).
void Monitor::poll_sooner(Slot& slot) {
  if (planner_.failures(slot.settings.source()) > 0 || planner_.outage()) return;
  const auto soon =
      std::chrono::steady_clock::now() + jittered(config_.youtube.poll_interval, config_.youtube.jitter, random_);
  if (slot.timer.expiry() > soon) slot.timer.expires_at(soon);  // the wait under way ends and waits on for soon
}

asio::awaitable<void> Monitor::channel_loop(std::shared_ptr<Slot> slot) {
  while (!slot->stopped) {
    slot->timer.expires_after(slot->next_delay);
    do {
      co_await slot->timer.async_wait(asio::as_tuple(asio::use_awaitable));
    } while (!slot->stopped && slot->timer.expiry() > std::chrono::steady_clock::now());
    if (slot->stopped) break;
    try {
      co_await poll(slot.get());
    } catch (const std::exception& e) {
      poll_failed(*slot, e.what());
    }
  }
}

// A bug, a store error or a channel that cannot be resolved: logged, backed off, and the loop (and
// the daemon) kept alive. During an outage the probe moves on if it was this channel's turn.
void Monitor::poll_failed(Slot& slot, const std::string& what) {
  const auto now = std::chrono::steady_clock::now();
  auto decision = planner_.answered(slot.settings.source(), now, {"error", false, std::nullopt});
  slot.next_delay = wait_until(decision.next, now);
  wake(decision.wakes);
  if (slot.channel_id.empty()) {
    slot.unresolved_error = what;
    ++slot.unresolved_failures;
    slot.unresolved_next_try = now_unix() + std::chrono::duration_cast<std::chrono::seconds>(slot.next_delay).count();
    if (on_feeds_changed) on_feeds_changed();  // status shows why
  }
  spdlog::error("channel {}: poll failed: {}; next try in {}", slot.settings.source(), what,
                format_duration(slot.next_delay));
}

// poll_all's shared progress: workers take the channels one after another.
struct Monitor::PollAll {
  std::vector<config::Channel> channels;
  std::size_t next = 0;
  std::map<std::string, PollReport> reports;
};

asio::awaitable<std::map<std::string, PollReport>> Monitor::poll_all(config::Subscriptions subscriptions) {
  // A few polls in flight, not one per channel: a thousand coroutines started at once would all
  // wait for a fetch permit while holding their frames (about 6 MB for 1,000 channels).
  auto fetches = static_cast<std::size_t>(std::max(1, config_.youtube.max_concurrent_fetches));
  auto run = std::make_shared<PollAll>();
  run->channels = subscriptions.channels;
  if (slots_.empty()) {
    std::vector<std::string> sources;
    for (const auto& channel : run->channels) sources.push_back(channel.source());
    planner_.set_channels(sources, std::chrono::steady_clock::now());
  }
  std::vector<asio::awaitable<void>> workers;
  for (std::size_t i = std::min(run->channels.size(), 2 * fetches); i > 0; --i) workers.push_back(poll_worker(run));
  co_await run_all(io_.get_executor(), std::move(workers));  // a worker's exception ends poll_all with it
  co_return std::move(run->reports);
}

asio::awaitable<void> Monitor::poll_worker(std::shared_ptr<PollAll> run) {
  while (run->next < run->channels.size()) {
    Slot slot(io_, run->channels[run->next++]);
    PollReport report;
    try {
      report = co_await poll(&slot);
    } catch (const std::exception& e) {
      report = PollReport{"error", e.what(), 0, 0};
    }
    run->reports[slot.settings.source()] = std::move(report);
  }
}

}  // namespace ytm::monitor
