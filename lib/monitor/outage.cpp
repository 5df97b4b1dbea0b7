// What the monitor does while YouTube's feeds fail for every channel (PollPlanner decides when):
// one channel probes, the others are parked, their earlier failures are not counted against them,
// and each channel's newest uploads are listed through yt-dlp, one run per turn at the gate.
#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <set>

#include "core/duration.hpp"
#include "core/spawn.hpp"
#include "core/time_zone.hpp"
#include "monitor/monitor.hpp"
#include "monitor/slot.hpp"

namespace ytm::monitor {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

// Each listing asks for a page of the Videos tab; what is newer than the newest we know fits in it
// unless a channel uploads 15 videos within one poll interval.
constexpr int outage_listing_size = 15;
const std::string listing_origin = "listing";

// "14:05" on the machine's clock, or "13:05 UTC" when its zone cannot be read.
std::string clock_time(UnixTime t) {
  auto offset = utc_offset(local_zone, t);
  return offset ? format_utc(t + *offset, "%H:%M") : format_utc(t, "%H:%M UTC");
}

// "404", "404, 500", "timeout"
std::string result_labels(const std::set<std::string>& results) {
  std::string out;
  for (const auto& r : results) {
    const auto http = to_string(FailureCode::http_status);
    auto label = r.starts_with(http) ? r.substr(http.size()) : r;
    std::replace(label.begin(), label.end(), '_', ' ');
    out += (out.empty() ? "" : ", ") + label;
  }
  return out;
}

std::chrono::seconds whole_seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d);
}

}  // namespace

std::string Monitor::outage_text() const {
  const auto& outage = planner_.outage();
  if (!outage) return "";
  return "YouTube feeds failing since " + clock_time(outage_since_) + " (" + result_labels(outage->results) +
         ") for every channel, not just this one; its uploads are listed through yt-dlp meanwhile";
}

nlohmann::json Monitor::feeds_status() const {
  auto unresolved = nlohmann::json::object();
  for (const auto& [source, slot] : slots_) {
    if (!slot->channel_id.empty() || slot->unresolved_failures == 0) continue;
    unresolved[source] = {{"error", slot->unresolved_error},
                          {"failures", slot->unresolved_failures},
                          {"next_try", format_iso8601(slot->unresolved_next_try)}};
  }
  const auto& outage = planner_.outage();
  if (!outage) return {{"failing", false}, {"unresolved", unresolved}};
  return {{"failing", true},
          {"since", format_iso8601(outage_since_)},
          {"since_unix", outage_since_},
          {"results", outage->results},
          {"text", "YouTube feeds failing since " + clock_time(outage_since_) + " (" + result_labels(outage->results) +
                       "): uploads are listed through yt-dlp until the feeds answer again"},
          {"unresolved", unresolved}};
}

void Monitor::wake(const std::vector<PollPlanner::Wake>& wakes) {
  for (const auto& w : wakes) {
    auto it = slots_.find(w.channel);
    if (it == slots_.end()) continue;
    it->second->timer.expires_at(w.at == PollPlanner::parked ? asio::steady_timer::time_point::max() : w.at);
  }
}

void Monitor::outage_began(PollPlanner::Decision& decision) {
  const auto& outage = planner_.outage();
  outage_since_ = now_unix() - whole_seconds(std::chrono::steady_clock::now() - outage->since).count();
  spdlog::warn(
      "YouTube feeds failing since {} ({}) for most channels at once: not the channels' fault. One channel probes "
      "the feed every {}; uploads are listed through yt-dlp meanwhile",
      clock_time(outage_since_), result_labels(outage->results), format_duration(planner_.probe_interval()));
  std::vector<std::string> ids;
  for (const auto& source : decision.acquitted) {
    auto it = channel_ids_.find(source);
    if (it != channel_ids_.end()) ids.push_back(it->second);
  }
  if (!ids.empty()) spawn_logged(io_.get_executor(), acquit(std::move(ids), outage_text()), "rewording feed failures");
  if (!slots_.empty() && !listing_) {
    listing_ = true;
    spawn_supervised(
        io_.get_executor(), [this] { return list_during_outage(); }, "listing during the outage");
  }
  if (on_feeds_changed) on_feeds_changed();
}

void Monitor::outage_ended() {
  spdlog::info("YouTube feeds answer again (failing since {}); every channel fetches its feed within {}",
               clock_time(outage_since_), format_duration(config_.youtube.poll_interval));
  listing_timer_.cancel();
  if (on_feeds_changed) on_feeds_changed();
}

// Their last failure was recorded as theirs ("not found: the channel may be gone") before the
// outage was known.
asio::awaitable<void> Monitor::acquit(std::vector<std::string> channel_ids, std::string error) {
  co_await pool_.run([&] {
    auto batch = store_.batch();
    for (const auto& id : channel_ids) store_.acquit_channel(id, error);
    batch.commit();
  });
}

asio::awaitable<void> Monitor::list_during_outage() {
  while (planner_.outage() && !slots_.empty()) {
    auto next = planner_.next_listing();
    if (!next) break;
    if (next->at > std::chrono::steady_clock::now()) {
      listing_timer_.expires_at(next->at);
      co_await listing_timer_.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;  // the outage may be over, or another channel due first
    }
    try {
      co_await list_one(next->channel);
    } catch (const std::exception& e) {
      spdlog::error("channel {}: listing uploads failed: {}", next->channel, e.what());
      planner_.listed(next->channel, std::chrono::steady_clock::now(), false);
    }
  }
  listing_ = false;
}

asio::awaitable<void> Monitor::list_one(std::string source) {
  auto it = slots_.find(source);
  if (it == slots_.end() || it->second->channel_id.empty()) {
    planner_.listed(source, std::chrono::steady_clock::now(), false);  // not resolved yet: its poll will
    co_return;
  }
  auto slot = it->second;  // the list may change while yt-dlp runs
  auto intake =
      co_await take_listing(slot.get(), outage_listing_size, listing_origin, std::unordered_set<std::string>());
  if (!intake && intake.failure().kind == FailureKind::paused) {
    // YouTube work is paused (a bot check) or yt-dlp cannot run: nothing to do but wait.
    spdlog::warn("channel {}: not listed while the feeds fail: {}", source, intake.failure().message);
    listing_timer_.expires_after(std::min<std::chrono::milliseconds>(config_.youtube.poll_interval, 5min));
    co_await listing_timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    co_return;
  }
  planner_.listed(source, std::chrono::steady_clock::now(), intake.ok());
  if (!intake) {
    spdlog::warn("channel {}: listing uploads failed: {}", source, intake.failure().message);
    co_return;
  }
  if (intake->new_videos > 0) {
    spdlog::info("channel {}: listing found {} new video(s) while the feeds fail, {} queued", source,
                 intake->new_videos, intake->queued);
  }
  if (intake->queued > 0 && on_queued) on_queued();
}

}  // namespace ytm::monitor
