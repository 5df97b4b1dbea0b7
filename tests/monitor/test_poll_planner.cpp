// monitor::PollPlanner, the monitor's decisions, in virtual time: a dead channel against YouTube's
// feeds failing for everyone, the probe, the listings, the resumption; then the aims of issue 20
// over 5 hours of outage with the defaults a user gets.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "monitor/poll_planner.hpp"
#include "outage_simulation.hpp"

using namespace std::chrono_literals;
using ytm::monitor::PollPlanner;
using Time = PollPlanner::Time;

namespace {

const Time t0 = Time{} + 24h;
const PollPlanner::Answer ok{"ok", true, std::nullopt};
const PollPlanner::Answer not_found{"http_404", false, std::nullopt};

std::vector<std::string> channel_names(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("UC" + std::to_string(100 + i));
  return out;
}

// Every channel answers well once, a second apart, from t0.
PollPlanner healthy(const std::vector<std::string>& names) {
  PollPlanner planner({}, 7);
  planner.set_channels(names, t0);
  for (std::size_t i = 0; i < names.size(); ++i) planner.answered(names[i], t0 + std::chrono::seconds(i), ok);
  return planner;
}

template <class D>
double minutes(D d) {
  return std::chrono::duration<double, std::ratio<60>>(d).count();
}

}  // namespace

TEST_CASE("one channel answering 404 while the others answer is backed off as before, never an outage") {
  auto names = channel_names(50);
  auto planner = healthy(names);
  Time at = t0 + 15min;
  std::vector<double> delays;
  for (int round = 0; round < 6; ++round) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      auto d = planner.answered(names[i], at + std::chrono::seconds(i), i == 7 ? not_found : ok);
      CHECK_FALSE(d.outage_failure);
      CHECK_FALSE(d.started);
      if (i == 7) delays.push_back(minutes(d.next - (at + std::chrono::seconds(i))));
    }
    at += 15min;
  }
  CHECK_FALSE(planner.outage());
  CHECK(planner.failures(names[7]) == 6);
  // 5, 10, 20, 40, 80, 160 minutes, each within ±20%.
  for (std::size_t k = 0; k < delays.size(); ++k) {
    const double expected = 5.0 * (1 << k);
    CHECK(delays[k] >= expected * 0.8);
    CHECK(delays[k] <= expected * 1.2);
  }
}

TEST_CASE("most channels failing in a row is an outage: one probe, the rest parked, earlier failures acquitted") {
  auto names = channel_names(10);
  auto planner = healthy(names);
  const Time from = t0 + 15min;
  PollPlanner::Decision d;
  for (int i = 0; i < 6; ++i) {
    d = planner.answered(names[i], from + std::chrono::seconds(20 * i),
                         i == 3 ? PollPlanner::Answer{"http_500", false, std::nullopt} : not_found);
    if (i < 5) {
      CHECK_FALSE(d.started);  // 6 of 10 in a row make it "most"
      CHECK_FALSE(planner.outage());
    }
  }
  REQUIRE(d.started);
  CHECK(d.outage_failure);
  REQUIRE(planner.outage());
  CHECK(planner.outage()->since == from);
  CHECK(planner.outage()->results == std::set<std::string>{"http_404", "http_500"});
  CHECK(d.acquitted == std::vector<std::string>{names[0], names[1], names[2], names[3], names[4]});
  for (int i = 0; i < 6; ++i) CHECK(planner.failures(names[static_cast<std::size_t>(i)]) == 0);
  const Time at = from + 100s;
  int probes = 0;
  for (const auto& wake : d.wakes) {
    if (wake.at == PollPlanner::parked) continue;
    ++probes;
    CHECK(minutes(wake.at - at) >= 4.0);
    CHECK(minutes(wake.at - at) <= 6.0);
  }
  CHECK(probes + (d.next == PollPlanner::parked ? 0 : 1) == 1);
  CHECK(d.wakes.size() == 9);
}

TEST_CASE("during an outage the probe moves from channel to channel every 5 minutes, and nothing else fetches") {
  auto names = channel_names(10);
  auto planner = healthy(names);
  Time at = t0 + 15min;
  PollPlanner::Decision d;
  for (std::size_t i = 0; i < 6; ++i) d = planner.answered(names[i], at + std::chrono::seconds(i), not_found);
  REQUIRE(d.started);
  std::set<std::string> probed;
  for (int k = 0; k < 10; ++k) {
    auto probe =
        std::find_if(d.wakes.begin(), d.wakes.end(), [](const auto& w) { return w.at != PollPlanner::parked; });
    REQUIRE(probe != d.wakes.end());
    probed.insert(probe->channel);
    at = probe->at;
    d = planner.answered(probe->channel, at, not_found);
    CHECK(d.outage_failure);
    CHECK(d.next == PollPlanner::parked);
    REQUIRE(d.wakes.size() == 1);
    CHECK(minutes(d.wakes[0].at - at) >= 4.0);
    CHECK(minutes(d.wakes[0].at - at) <= 6.0);
  }
  CHECK(probed.size() == 10);
  CHECK(planner.failures(*probed.begin()) == 0);
}

TEST_CASE("the first good answer ends the outage and every channel fetches again, spread over the interval") {
  auto names = channel_names(30);
  auto planner = healthy(names);
  Time at = t0 + 15min;
  PollPlanner::Decision d;
  for (std::size_t i = 0; !d.started; ++i) d = planner.answered(names.at(i), at + std::chrono::seconds(i), not_found);
  at += 3h;
  d = planner.answered(names[20], at, ok);
  CHECK(d.ended);
  CHECK_FALSE(planner.outage());
  CHECK(minutes(d.next - at) >= 12.0);
  REQUIRE(d.wakes.size() == 29);
  std::vector<double> after;
  for (const auto& wake : d.wakes) after.push_back(minutes(wake.at - at));
  std::sort(after.begin(), after.end());
  CHECK(after.front() >= 0.0);
  CHECK(after.back() <= 9.0);  // the probe took up to 6 of the 15 minutes
  CHECK(after.back() - after.front() >= 6.0);
  for (std::size_t i = 1; i < after.size(); ++i) CHECK(after[i] - after[i - 1] < 1.0);
}

TEST_CASE("during an outage each channel is listed when its feed was due, then one interval later") {
  auto names = channel_names(4);
  auto planner = healthy(names);
  CHECK_FALSE(planner.next_listing());
  Time at = t0 + 15min;
  for (std::size_t i = 0; i < 3; ++i) planner.answered(names[i], at + std::chrono::seconds(i), not_found);
  REQUIRE(planner.outage());
  auto first = planner.next_listing();
  REQUIRE(first);
  CHECK(minutes(first->at - t0) >= 12.0);  // one interval after its last good answer
  CHECK(minutes(first->at - t0) <= 18.0);
  planner.listed(first->channel, at + 10s, true);
  CHECK(planner.next_listing()->channel != first->channel);
  for (const auto& name : names) {
    if (name != first->channel) planner.listed(name, at + 20s, true);
  }
  auto again = planner.next_listing();
  CHECK(again->channel == first->channel);
  CHECK(minutes(again->at - (at + 10s)) >= 12.0);
  CHECK(minutes(again->at - (at + 10s)) <= 18.0);
  planner.listed(first->channel, at + 1h, false);  // yt-dlp failed: tried again after a back-off
  CHECK(planner.next_listing()->channel != first->channel);
}

TEST_CASE("during an outage listings keep to a budget: five at once, then one every 15 s") {
  auto names = channel_names(8);
  auto planner = healthy(names);
  const Time at = t0 + 15min;
  for (std::size_t i = 0; i < 6; ++i) planner.answered(names[i], at + std::chrono::seconds(i), not_found);
  REQUIRE(planner.outage());
  const Time late = at + 1h;  // every channel is due by now
  for (int k = 0; k < 5; ++k) {
    auto next = planner.next_listing();
    REQUIRE(next);
    CHECK(next->at < late);
    planner.listed(next->channel, late, true);
  }
  CHECK(planner.next_listing()->at == late + 15s);
  planner.listed(planner.next_listing()->channel, late + 19s, true);  // its run took 4 s
  CHECK(planner.next_listing()->at == late + 30s);                    // 15 s after the last one began
}

TEST_CASE("with one channel a failing feed is that channel's, as before") {
  PollPlanner planner({}, 3);
  planner.set_channels({"UC1"}, t0);
  planner.answered("UC1", t0, ok);
  for (int k = 0; k < 5; ++k) CHECK_FALSE(planner.answered("UC1", t0 + std::chrono::hours(k + 1), not_found).started);
  CHECK(planner.failures("UC1") == 5);
}

TEST_CASE("outage-like answers are refusals, server errors and timeouts, but a broken feed is the channel's") {
  for (const char* code : {"http_404", "http_403", "http_429", "http_500", "http_503", "timeout", "connect_failed"}) {
    CHECK(ytm::monitor::outage_like(code));
  }
  for (const char* code : {"ok", "unchanged", "bad_feed", "bad_response", "body_too_large", "http_410"}) {
    CHECK_FALSE(ytm::monitor::outage_like(code));
  }
}

// The aims of issue 20 with the defaults (poll_interval 15 min, jitter 0.2, min_interval 10 s):
// 50 channels, every feed failing for 20 poll intervals.
TEST_CASE(
    "with the defaults, 50 channels and every feed failing for 20 intervals, uploads are queued within 2 intervals") {
  const char* failures[] = {"http_404", "http_500", "http_403", "http_429", "timeout"};
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    ytm::test::OutageScenario scenario;
    scenario.seed = seed;
    scenario.failure = failures[seed - 1];
    auto r = ytm::test::simulate_outage(scenario);
    INFO("seed " << seed << ", feeds answering " << scenario.failure);
    const double interval = 900;
    const double from = 2 * 3600, to = from + 20 * interval;
    CHECK(r.detected_after_s >= 0);
    CHECK(r.detected_after_s < interval);
    int during = 0, listed = 0;
    for (const auto& u : r.uploads) {
      INFO("upload on channel " << u.channel << " published at " << u.published_s << " s");
      REQUIRE(u.queued_s >= 0);
      CHECK(u.queued_s - u.published_s <= 2 * interval);
      if (u.published_s >= from + interval && u.published_s < to - interval) {
        ++during;
        listed += u.by_listing ? 1 : 0;
      }
    }
    CHECK(during > 40);
    CHECK(listed == during);  // found through yt-dlp, not after the feeds came back
    CHECK(r.all_polled_after_s >= 0);
    CHECK(r.all_polled_after_s <= interval);
    // A modest pace: a probe every 5 minutes, 50 listings an interval and the videos' own fetches.
    const double hours = 20 * interval / 3600;
    CHECK(r.feed_requests_in_outage / hours <= 4 * 50 / 5 + 13);
    CHECK(r.listings_in_outage / hours <= 4 * 50 * 1.3);
  }
}

TEST_CASE("with 200 channels, more than the pacing lists in one interval, each is listed at least once an hour") {
  ytm::test::OutageScenario scenario;
  scenario.channels = 200;
  scenario.uploads_per_channel = 1;
  auto r = ytm::test::simulate_outage(scenario);
  CHECK(r.longest_listing_gap_s > 900);  // at most 60 listings in 15 minutes, one every 15 s
  CHECK(r.longest_listing_gap_s <= 3600);
  CHECK(r.all_polled_after_s <= 900);
  // Under the ~300 requests an hour YouTube lets a guest session make, however many channels.
  const double hours = 5;
  CHECK(r.listings_in_outage / hours <= 240);
  CHECK((r.listings_in_outage + r.video_fetches_in_outage + r.feed_requests_in_outage) / hours < 300);
}

TEST_CASE("channels whose own feeds are broken still count among those expected to answer") {
  auto names = channel_names(6);
  PollPlanner planner({}, 5);
  planner.set_channels(names, t0);
  planner.answered(names[0], t0, ok);
  planner.answered(names[1], t0 + 1s, {"bad_response", false, std::nullopt});
  planner.answered(names[2], t0 + 2s, {"body_too_large", false, std::nullopt});
  planner.answered(names[3], t0 + 3s, not_found);
  planner.answered(names[4], t0 + 4s, {"http_429", false, std::chrono::seconds(3600)});
  auto d = planner.answered(names[5], t0 + 5s, {"timeout", false, std::nullopt});
  CHECK_FALSE(d.started);  // 3 of 6 is not most
  CHECK_FALSE(planner.outage());
  d = planner.answered(names[1], t0 + 6s, not_found);
  CHECK(d.started);  // the fourth
}
