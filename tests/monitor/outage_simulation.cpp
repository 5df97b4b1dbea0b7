#include "outage_simulation.hpp"

#include <algorithm>
#include <map>
#include <queue>
#include <random>

namespace ytm::test {
namespace {

using Planner = monitor::PollPlanner;
using Time = Planner::Time;
using Duration = Planner::Duration;
using namespace std::chrono_literals;

enum class Kind { poll, lister_wakes, listing, video_fetch };

struct Event {
  Time at;
  long order;
  Kind kind;
  int channel;
  bool operator>(const Event& other) const { return at != other.at ? at > other.at : order > other.order; }
};

class Simulation {
 public:
  explicit Simulation(const OutageScenario& s)
      : s_(s),
        planner_(s.pacing, s.seed),
        random_(s.seed + 1),
        start_(Time{} + 24h),
        outage_from_(start_ + s.outage_start),
        outage_to_(outage_from_ + s.outage_length),
        next_poll_(static_cast<std::size_t>(s.channels), Planner::parked),
        first_poll_after_(static_cast<std::size_t>(s.channels), Time{}),
        last_listed_(static_cast<std::size_t>(s.channels), Time{}),
        uploads_of_(static_cast<std::size_t>(s.channels)) {}

  OutageResult run() {
    std::vector<std::string> names;
    for (int c = 0; c < s_.channels; ++c) names.push_back(name(c));
    planner_.set_channels(names, start_);
    const auto spread = std::min<Duration>(s_.pacing.poll_interval, 60s);
    std::uniform_int_distribution<long long> first(0, spread.count());
    for (int c = 0; c < s_.channels; ++c) schedule_poll(c, start_ + Duration(first(random_)));
    publish_uploads();
    const Time end = start_ + s_.run_for;
    while (!events_.empty() && events_.top().at < end) {
      const Event e = events_.top();
      events_.pop();
      handle(e);
    }
    finish();
    return result_;
  }

 private:
  static std::string name(int c) { return "UC" + std::to_string(1000000 + c); }
  static int index(const std::string& key) { return std::stoi(key.substr(2)) - 1000000; }
  template <class D>
  static double seconds(D d) {
    return std::chrono::duration<double>(d).count();
  }
  [[nodiscard]] bool failing(Time t) const { return t >= outage_from_ && t < outage_to_; }

  void push(Time at, Kind kind, int channel) { events_.push({at, order_++, kind, channel}); }
  void schedule_poll(int c, Time at) {
    next_poll_[static_cast<std::size_t>(c)] = at;
    if (at != Planner::parked) push(at, Kind::poll, c);
  }

  void publish_uploads() {
    std::uniform_int_distribution<long long> when(std::chrono::milliseconds(10min).count(),
                                                  std::chrono::milliseconds(s_.run_for - 1h).count());
    for (int c = 0; c < s_.channels; ++c) {
      for (int k = 0; k < s_.uploads_per_channel; ++k) {
        UploadResult u;
        u.channel = c;
        u.published_s = seconds(Duration(when(random_)));
        uploads_of_[static_cast<std::size_t>(c)].push_back(result_.uploads.size());
        result_.uploads.push_back(u);
      }
    }
  }

  // Whatever the channel has published by `seen` and is not queued yet is queued at `at`.
  void take_in(int c, Time seen, Time at, bool by_listing) {
    for (auto i : uploads_of_[static_cast<std::size_t>(c)]) {
      auto& u = result_.uploads[i];
      if (u.queued_s >= 0 || start_ + Duration(static_cast<long long>(u.published_s * 1000)) > seen) continue;
      u.queued_s = seconds(at - start_);
      u.by_listing = by_listing;
      take_turn(at, Kind::video_fetch, c);  // the worker's yt-dlp run for the video
    }
  }

  // The gate as transcript::YtdlpGate paces it: turns in the order asked, each min_interval ±30 %
  // after the previous one began.
  void take_turn(Time asked, Kind kind, int c) {
    const Time turn = std::max(asked, gate_free_);
    std::uniform_real_distribution<double> spacing(0.7, 1.3);
    gate_free_ =
        turn + Duration(static_cast<long long>(static_cast<double>(s_.min_interval.count()) * spacing(random_)));
    push(turn, kind, c);
  }

  void handle(const Event& e) {
    switch (e.kind) {
      case Kind::poll: return poll(e);
      case Kind::lister_wakes:
        if (planner_.outage()) take_turn(e.at, Kind::listing, e.channel);
        return;
      case Kind::listing: return listing(e);
      case Kind::video_fetch:
        if (failing(e.at)) ++result_.video_fetches_in_outage;
        return;
    }
  }

  void poll(const Event& e) {
    const auto c = static_cast<std::size_t>(e.channel);
    if (next_poll_[c] != e.at) return;  // moved since
    if (e.at >= outage_to_ && first_poll_after_[c] == Time{}) first_poll_after_[c] = e.at;
    Planner::Answer answer{s_.failure, false, std::nullopt};
    if (failing(e.at)) {
      ++result_.feed_requests_in_outage;
    } else {
      answer = {"ok", true, std::nullopt};
      take_in(e.channel, e.at, e.at, false);
    }
    auto decision = planner_.answered(name(e.channel), e.at, answer);
    schedule_poll(e.channel, decision.next);
    for (const auto& wake : decision.wakes) schedule_poll(index(wake.channel), wake.at);
    if (decision.started) {
      result_.detected_after_s = seconds(e.at - outage_from_);
      wake_lister(e.at);
    }
    if (decision.ended) result_.ended_after_s = seconds(e.at - outage_to_);
  }

  void wake_lister(Time now) {
    auto next = planner_.next_listing();
    if (next) push(std::max(now, next->at), Kind::lister_wakes, index(next->channel));
  }

  void listing(const Event& e) {
    if (!planner_.outage()) return;  // the feeds came back while it waited for its turn
    auto next = planner_.next_listing();
    const int c = index(next->channel);
    if (failing(e.at)) ++result_.listings_in_outage;
    const Time done = e.at + s_.listing_takes;
    take_in(c, e.at, done, true);
    note_listing(c, e.at);
    planner_.listed(next->channel, done, true);
    wake_lister(done);
  }

  void note_listing(int c, Time at) {
    auto& last = last_listed_[static_cast<std::size_t>(c)];
    const Time from = std::max(last, outage_from_);
    if (failing(at)) result_.longest_listing_gap_s = std::max(result_.longest_listing_gap_s, seconds(at - from));
    last = at;
  }

  void finish() {
    Time last_poll = outage_to_;
    for (std::size_t c = 0; c < first_poll_after_.size(); ++c) {
      if (first_poll_after_[c] == Time{}) return;  // never polled again: all_polled_after_s stays -1
      last_poll = std::max(last_poll, first_poll_after_[c]);
      const Time from = std::max(last_listed_[c], outage_from_);
      result_.longest_listing_gap_s = std::max(result_.longest_listing_gap_s, seconds(outage_to_ - from));
    }
    result_.all_polled_after_s = seconds(last_poll - outage_to_);
  }

  OutageScenario s_;
  Planner planner_;
  std::mt19937 random_;
  Time start_, outage_from_, outage_to_;
  std::vector<Time> next_poll_;
  std::vector<Time> first_poll_after_;
  std::vector<Time> last_listed_;
  std::vector<std::vector<std::size_t>> uploads_of_;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events_;
  long order_ = 0;
  Time gate_free_{};
  OutageResult result_;
};

}  // namespace

OutageResult simulate_outage(const OutageScenario& scenario) { return Simulation(scenario).run(); }

}  // namespace ytm::test
