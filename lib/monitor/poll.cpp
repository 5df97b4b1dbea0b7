// One poll of one channel: resolve it if needed, fetch its feed (conditionally), record what is new.
#include <spdlog/spdlog.h>
#include <boost/asio/use_awaitable.hpp>

#include "core/duration.hpp"
#include "core/hash.hpp"
#include "core/metrics.hpp"
#include "feed/atom.hpp"
#include "feed/channel_ref.hpp"
#include "monitor/feed_intake.hpp"
#include "monitor/monitor.hpp"
#include "monitor/resolve.hpp"
#include "monitor/slot.hpp"

namespace ytm::monitor {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

std::vector<IntakeEntry> intake_entries(const feed::Feed& feed) {
  std::vector<IntakeEntry> out;
  for (const auto& e : feed.entries) out.push_back({e.video_id, e.title, e.link, e.published, e.is_short});
  return out;
}

}  // namespace

asio::awaitable<bool> Monitor::resolve(Slot* slot) {
  if (!slot->channel_id.empty()) co_return true;
  const auto& s = slot->settings;
  if (!s.id.empty()) {
    slot->channel_id = s.id;
  } else {
    auto source = s.source();
    auto cached = co_await pool_.run([&] { return store_.alias(source); });
    if (cached) {
      slot->channel_id = cached->channel_id;
      slot->title = cached->title;
    } else {
      auto permit = co_await limiter_.acquire();
      auto page = co_await resolve_channel(&http_, config_.youtube, source);
      if (!page) throw std::runtime_error(page.failure().message);
      slot->channel_id = page->channel_id;
      const bool was_unresolved = slot->unresolved_failures > 0;
      slot->unresolved_failures = 0;
      slot->unresolved_error.clear();
      if (was_unresolved && on_feeds_changed) on_feeds_changed();
      slot->title = page->title;
      store::Alias alias{slot->channel_id, slot->title, now_unix()};
      co_await pool_.run([&] { store_.save_alias(source, alias); });
      spdlog::info("channel {}: resolved to {} ({})", source, slot->channel_id, slot->title);
    }
  }
  co_return true;
}

asio::awaitable<PollReport> Monitor::poll(Slot* slot) {
  co_await resolve(slot);
  channel_ids_[slot->settings.source()] = slot->channel_id;
  auto report = co_await fetch_feed(slot, &slot->next_delay);
  if (report.queued > 0 && on_queued) on_queued();
  co_return report;
}

asio::awaitable<PollReport> Monitor::fetch_feed(Slot* slot, std::chrono::milliseconds* next_delay) {
  const auto& yt = config_.youtube;
  auto started = std::chrono::steady_clock::now();
  auto record = co_await pool_.run([&] { return store_.channel(slot->channel_id); });
  net::HttpRequest request;
  request.url = feed::feed_url(yt.base_url, slot->channel_id);
  request.timeout = yt.request_timeout;
  request.first_byte_timeout = first_byte_timeout;
  request.max_body_bytes = yt.max_feed_bytes;
  if (record && !record->etag.empty()) request.headers.push_back({"If-None-Match", record->etag});
  if (record && !record->last_modified.empty()) request.headers.push_back({"If-Modified-Since", record->last_modified});
  Outcome<net::HttpResponse> response = Failure::transient(FailureCode::cancelled, "not sent");
  {
    auto permit = co_await limiter_.acquire();
    response = co_await http_.request(request);
  }
  store::PollOutcome outcome;
  outcome.at = now_unix();
  PollReport report;
  std::optional<std::chrono::seconds> retry_after;
  bool recorded = false;
  if (!response) {
    report.result = response.failure().code_text();
    report.error = response.failure().message;
  } else if (response->status == 304) {
    report.result = "unchanged";
  } else if (response->status == 200) {
    outcome.etag = response->header("ETag").value_or("");
    outcome.last_modified = response->header("Last-Modified").value_or("");
    auto hash = sha256_hex(response->body);
    if (record && hash == record->body_hash) {
      report.result = "unchanged";
    } else {
      outcome.body_hash = hash;
      recorded = co_await take_feed(slot, record, std::move(response->body), &outcome, &report, next_delay);
    }
  } else {
    report.result = http_code_text(response->status);
    report.error = describe_status(response->status);
    outcome.not_found = response->status == 404;
    if (response->status == 429 || response->status == 503) retry_after = net::retry_after(*response);
  }
  if (!recorded) {
    settle(*slot, report, retry_after, outcome, *next_delay);
    co_await pool_.run([&] {
      auto batch = store_.batch();
      register_channel(*slot, record);
      store_.record_poll(slot->channel_id, outcome);
      batch.commit();
    });
    // The outage was called while this verdict waited for the pool: it is the outage's too.
    if (outage_like(report.result) && planner_.outage() && outcome.error != outage_text()) {
      co_await acquit(std::vector<std::string>(1, slot->channel_id), outage_text());
    }
  }
  slot->registered = true;
  metrics().count("ytmonitor_polls_total_by_result", report.result);
  metrics().observe("ytmonitor_poll_duration_seconds",
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  co_return report;
}

asio::awaitable<bool> Monitor::take_feed(Slot* slot, std::optional<store::ChannelRecord> record, std::string body,
                                         store::PollOutcome* outcome, PollReport* report,
                                         std::chrono::milliseconds* next_delay) {
  auto feed = feed::parse_feed(body, slot->channel_id);
  if (!feed) {
    report->result = feed.failure().code_text();
    report->error = feed.failure().message;
    outcome->body_hash.clear();  // parse it again next time
    co_return false;
  }
  auto feed_title = feed->title;
  auto entries = intake_entries(*feed);
  auto settings = slot->settings;
  report->result = "ok";
  settle(*slot, *report, std::nullopt, *outcome, *next_delay);
  auto intake = co_await pool_.run([&] {
    auto batch = store_.batch();  // one commit per changed feed, not one per write
    register_channel(*slot, record, feed_title);
    auto result = take_in(store_, slot->channel_id, settings, slot->filter, entries, "feed", outcome->at);
    store_.record_poll(slot->channel_id, *outcome);
    batch.commit();
    return result;
  });
  report->new_videos = intake.new_videos;
  report->queued = intake.queued;
  if (intake.new_videos > 0) {
    spdlog::info("channel {}: {} new video(s), {} queued, {} skipped, {} recorded as already published",
                 settings.source(), intake.new_videos, intake.queued, intake.skipped, intake.seen);
  }
  if (intake.gap) {
    std::unordered_set<std::string> in_feed;
    for (const auto& e : entries) in_feed.insert(e.video_id);
    co_await fill_gap(slot, std::move(in_feed));
  }
  co_return true;
}

// One write of the channel's row, only when it is missing or its name changed. Without a name in
// the subscriptions the feed's title wins (it follows renames), then the title of the channel page.
void Monitor::register_channel(const Slot& slot, const std::optional<store::ChannelRecord>& record,
                               const std::string& feed_title) {
  const auto& name = slot.settings.name;
  const auto title = !name.empty() ? name : !feed_title.empty() ? feed_title : slot.title;
  const auto source = slot.settings.source();
  if (record && (slot.registered || record->source == source) && (title.empty() || record->title == title)) return;
  store_.ensure_channel(slot.channel_id, title, source, now_unix());
}

void Monitor::settle(Slot& slot, const PollReport& report, std::optional<std::chrono::seconds> retry_after,
                     store::PollOutcome& outcome, std::chrono::milliseconds& next_delay) {
  outcome.result = report.result;
  outcome.error = report.error;
  const auto now = std::chrono::steady_clock::now();
  auto decision = planner_.answered(slot.settings.source(), now, {report.result, report.error.empty(), retry_after});
  if (decision.started) outage_began(decision);
  if (decision.outage_failure) {
    // Not this channel's verdict: YouTube's feeds fail for every channel.
    outcome.error = outage_text();
    outcome.not_found = false;
  }
  next_delay = wait_until(decision.next, now);
  if (decision.next != PollPlanner::parked) {
    outcome.next_poll_at = outcome.at + std::chrono::duration_cast<std::chrono::seconds>(next_delay).count();
  }
  wake(decision.wakes);
  if (decision.ended) outage_ended();
  if (!report.error.empty() && !decision.outage_failure) {
    spdlog::warn("channel {}: {} ({}); next try in {}", slot.settings.source(), report.error, report.result,
                 format_duration(next_delay));
  }
}

}  // namespace ytm::monitor
