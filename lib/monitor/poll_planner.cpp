#include "monitor/poll_planner.hpp"

#include <algorithm>

#include "core/backoff.hpp"
#include "core/failure_code.hpp"

namespace ytm::monitor {

using namespace std::chrono_literals;

namespace {

// So many failures in a row, without one good answer between, are no coincidence of dead channels.
constexpr std::size_t run_for_certain = 10;

}  // namespace

bool outage_like(std::string_view result) {
  static const std::set<std::string, std::less<>> refusals = {
      http_code_text(403),
      http_code_text(404),
      http_code_text(408),
      http_code_text(429),
      std::string(to_string(FailureCode::timeout)),
      std::string(to_string(FailureCode::connect_failed)),
      std::string(to_string(FailureCode::dns_failed)),
      std::string(to_string(FailureCode::tls_failed)),
      std::string(to_string(FailureCode::proxy_failed))};
  return refusals.count(result) > 0 || result.starts_with(http_code_text(5));  // "http_5…": any 5xx
}

PollPlanner::PollPlanner(Pacing pacing, std::uint32_t seed) : pacing_(pacing), random_(seed) {}

void PollPlanner::set_pacing(Pacing pacing) { pacing_ = pacing; }

std::vector<PollPlanner::Wake> PollPlanner::set_channels(const std::vector<std::string>& channels, Time at) {
  std::set<std::string> keep(channels.begin(), channels.end());
  for (auto it = channels_.begin(); it != channels_.end();) {
    if (keep.count(it->first)) {
      ++it;
      continue;
    }
    run_.erase(it->first);
    it = channels_.erase(it);
  }
  for (const auto& key : channels) channel(key);
  std::vector<Wake> wakes;
  if (outage_ && !channels_.empty() && !channels_.count(probe_)) {
    probe_ = next_probe("");
    wakes.push_back({probe_, probe_time(at)});
  }
  return wakes;
}

PollPlanner::Channel& PollPlanner::channel(const std::string& key) { return channels_[key]; }

int PollPlanner::failures(const std::string& key) const {
  auto it = channels_.find(key);
  return it == channels_.end() ? 0 : it->second.failures;
}

PollPlanner::Duration PollPlanner::probe_interval() const {
  return std::clamp<Duration>(pacing_.poll_interval / 3, std::min<Duration>(1s, pacing_.poll_interval), 5min);
}

PollPlanner::Time PollPlanner::probe_time(Time at) { return at + jittered(probe_interval(), pacing_.jitter, random_); }

PollPlanner::Decision PollPlanner::answered(const std::string& key, Time at, const Answer& answer) {
  if (outage_) return during_outage(key, at, answer);
  auto& c = channel(key);
  if (answer.good) {
    run_.clear();
    return usual(c, at, answer);
  }
  if (outage_like(answer.result) && c.health != Health::failing) {
    if (run_.empty()) {
      run_since_ = at;
      run_results_.clear();
    }
    run_.insert(key);
    run_results_.insert(answer.result);
  }
  auto decision = usual(c, at, answer);
  const auto healthy = std::count_if(channels_.begin(), channels_.end(),
                                     [](const auto& entry) { return entry.second.health != Health::failing; });
  const auto before_run = static_cast<std::size_t>(healthy) + run_.size();
  if (before_run >= 2 && run_.size() >= std::min<std::size_t>(before_run / 2 + 1, run_for_certain)) {
    start_outage(key, at, decision);
  }
  return decision;
}

PollPlanner::Decision PollPlanner::usual(Channel& c, Time at, const Answer& answer) {
  Decision decision;
  if (answer.good) {
    c.health = Health::good;
    c.failures = 0;
    c.last_good = at;
    c.ever_good = true;
    decision.next = at + jittered(pacing_.poll_interval, pacing_.jitter, random_);
    return decision;
  }
  // A broken answer of its own (a bad feed, a cut-off body) says the server answered: only a
  // refusal or silence marks the channel as one that cannot join the next outage's run.
  if (outage_like(answer.result)) c.health = Health::failing;
  ++c.failures;
  // One 404 is not a verdict (edge caches flake), but a channel that keeps answering 404 is
  // polled at most every six hours instead of every cycle.
  Duration delay = std::max<Duration>(
      1s, backoff_delay(c.failures, std::min<Duration>(pacing_.poll_interval, 5min), 6h, pacing_.jitter, random_));
  if (answer.retry_after && *answer.retry_after > delay) delay = *answer.retry_after;
  decision.next = at + delay;
  return decision;
}

void PollPlanner::start_outage(const std::string& key, Time at, Decision& decision) {
  outage_ = Outage{run_since_, run_results_};
  decision.started = true;
  decision.outage_failure = true;
  for (const auto& member : run_) {
    auto& c = channels_[member];
    c.failures = 0;  // they answered well (or not yet) before the run: nothing counts against them
    c.health = Health::unknown;
    if (member != key) decision.acquitted.push_back(member);
  }
  run_.clear();
  for (auto& [name, c] : channels_) {
    c.listing_failures = 0;
    // Listed when its feed would have been fetched: one interval after its last good answer.
    c.list_due = c.ever_good ? c.last_good + jittered(pacing_.poll_interval, pacing_.jitter, random_) : at;
  }
  probe_ = next_probe("");
  const auto probe_at = probe_time(at);
  decision.next = key == probe_ ? probe_at : parked;
  for (const auto& [name, c] : channels_) {
    if (name != key) decision.wakes.push_back({name, name == probe_ ? probe_at : parked});
  }
}

PollPlanner::Decision PollPlanner::during_outage(const std::string& key, Time at, const Answer& answer) {
  if (answer.good) {
    Decision decision = usual(channel(key), at, answer);
    end_outage(key, at, decision);
    return decision;
  }
  Decision decision;
  auto& c = channel(key);
  if (outage_like(answer.result)) {
    outage_->results.insert(answer.result);
    decision.outage_failure = true;
  } else {
    decision = usual(c, at, answer);  // a broken feed of its own is still counted against it
  }
  decision.next = parked;
  if (key == probe_ || !channels_.count(probe_)) {
    probe_ = next_probe(key);
    const auto probe_at = probe_time(at);
    if (probe_ == key) {
      decision.next = probe_at;
    } else {
      decision.wakes.push_back({probe_, probe_at});
    }
  }
  return decision;
}

void PollPlanner::end_outage(const std::string& key, Time at, Decision& decision) {
  outage_.reset();
  probe_.clear();
  run_.clear();
  decision.ended = true;
  // Those unchecked longest first, over what is left of one poll interval once the probe that
  // found the feeds back has waited its turn.
  std::vector<std::pair<Time, std::string>> order;
  for (const auto& [name, c] : channels_) {
    if (name != key) order.emplace_back(c.list_due, name);
  }
  std::sort(order.begin(), order.end());
  const auto probe_late = std::chrono::duration_cast<Duration>(probe_interval() * (1.0 + pacing_.jitter));
  const Duration window = std::max(pacing_.poll_interval - probe_late, pacing_.poll_interval / 2);
  std::uniform_real_distribution<double> within(0.0, 1.0);
  const auto n = static_cast<double>(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    const double share = (static_cast<double>(i) + within(random_)) / n;
    decision.wakes.push_back(
        {order[i].second, at + Duration(static_cast<long long>(static_cast<double>(window.count()) * share))});
  }
}

std::string PollPlanner::next_probe(const std::string& after) const {
  std::vector<std::pair<Time, std::string>> order;  // most recently good first
  for (const auto& [name, c] : channels_) order.emplace_back(c.ever_good ? c.last_good : Time{}, name);
  if (order.empty()) return "";
  std::sort(order.begin(), order.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  auto it = std::find_if(order.begin(), order.end(), [&](const auto& entry) { return entry.second == after; });
  if (it == order.end() || ++it == order.end()) return order.front().second;
  return it->second;
}

std::optional<PollPlanner::Listing> PollPlanner::next_listing() const {
  if (!outage_ || channels_.empty()) return std::nullopt;
  auto it = std::min_element(channels_.begin(), channels_.end(), [](const auto& a, const auto& b) {
    return a.second.list_due != b.second.list_due ? a.second.list_due < b.second.list_due : a.first < b.first;
  });
  return Listing{it->first, std::max(it->second.list_due, listing_allowed())};
}

void PollPlanner::spend_listing(Time at) {
  const Duration full = pacing_.listing_spacing * pacing_.listing_burst;
  const Duration earned = credit_at_ ? std::chrono::duration_cast<Duration>(at - *credit_at_) : full;
  listing_credit_ = std::min(full, listing_credit_ + std::max(earned, Duration::zero())) - pacing_.listing_spacing;
  credit_at_ = std::max(at, credit_at_.value_or(at));
}

PollPlanner::Time PollPlanner::listing_allowed() const {
  if (!credit_at_ || listing_credit_ >= pacing_.listing_spacing) return Time::min();
  return *credit_at_ + (pacing_.listing_spacing - listing_credit_);
}

void PollPlanner::listed(const std::string& key, Time at, bool ok) {
  auto it = channels_.find(key);
  if (it == channels_.end()) return;
  auto& c = it->second;
  spend_listing(at);
  if (ok) {
    c.listing_failures = 0;
    c.list_due = at + jittered(pacing_.poll_interval, pacing_.jitter, random_);
  } else {
    ++c.listing_failures;
    c.list_due = at + backoff_delay(c.listing_failures, pacing_.poll_interval, 6h, pacing_.jitter, random_);
  }
}

}  // namespace ytm::monitor
