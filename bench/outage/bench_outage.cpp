// A feed outage over many channels, in virtual time: monitor::PollPlanner (the monitor's own
// decisions: outage detection, the probe, which channel is listed next, when each channel polls
// again) with the defaults (poll_interval 15 min, jitter 0.2, transcript.min_interval 10 s), every
// feed failing for a window, one upload per channel at a random time before, during or after it.
// The yt-dlp runs (listings and the new videos' fetches) take turns at a gate paced like
// transcript::YtdlpGate; a listing takes 4 s. Prints, per phase, the minutes from publication to
// queued, and the requests sent to YouTube per hour during the outage.
// Usage: bench_outage [channels=200] [outage hours=5] [runs=10] [failure=http_404]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "outage_simulation.hpp"

namespace {

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

void print_phase(const char* name, const std::vector<double>& minutes, int never) {
  std::printf("  %-28s %5zu uploads  median %6.1f  p90 %6.1f  max %6.1f min  (never queued: %d)\n", name,
              minutes.size(), percentile(minutes, 0.5), percentile(minutes, 0.9), percentile(minutes, 1.0), never);
}

}  // namespace

int main(int argc, char** argv) {
  ytm::test::OutageScenario scenario;
  scenario.channels = argc > 1 ? std::atoi(argv[1]) : 200;
  const double hours = argc > 2 ? std::atof(argv[2]) : 5;
  const int runs = argc > 3 ? std::atoi(argv[3]) : 10;
  if (argc > 4) scenario.failure = argv[4];
  scenario.outage_length = std::chrono::seconds(static_cast<long long>(hours * 3600));
  scenario.run_for = scenario.outage_start + scenario.outage_length + std::chrono::hours(2);
  scenario.uploads_per_channel = 1;
  const double from = std::chrono::duration<double>(scenario.outage_start).count();
  const double to = from + hours * 3600;

  std::vector<double> before, during, after, detected, resumed, gaps;
  int never = 0;
  double feeds = 0, listings = 0, fetches = 0;
  for (int run = 1; run <= runs; ++run) {
    scenario.seed = static_cast<std::uint32_t>(run);
    auto r = ytm::test::simulate_outage(scenario);
    for (const auto& u : r.uploads) {
      if (u.queued_s < 0) {
        ++never;
        continue;
      }
      const double minutes = (u.queued_s - u.published_s) / 60;
      (u.published_s < from ? before : u.published_s < to ? during : after).push_back(minutes);
    }
    detected.push_back(r.detected_after_s / 60);
    resumed.push_back(r.all_polled_after_s / 60);
    gaps.push_back(r.longest_listing_gap_s / 60);
    feeds += static_cast<double>(r.feed_requests_in_outage) / hours / runs;
    listings += static_cast<double>(r.listings_in_outage) / hours / runs;
    fetches += static_cast<double>(r.video_fetches_in_outage) / hours / runs;
  }
  std::printf(
      "%d channels, every feed answering %s for %.1f h, %d runs (defaults: poll 15 min, jitter 0.2, "
      "min_interval 10 s)\n",
      scenario.channels, scenario.failure.c_str(), hours, runs);
  std::printf("publication to queued, by when the upload was published:\n");
  print_phase("before the outage", before, 0);
  print_phase("during the outage", during, 0);
  print_phase("after the outage", after, 0);
  std::printf("  never queued: %d\n", never);
  std::printf("outage noticed after (min): median %.1f, max %.1f\n", percentile(detected, 0.5),
              percentile(detected, 1.0));
  std::printf("every channel's feed fetched again after the feeds came back (min): median %.1f, max %.1f\n",
              percentile(resumed, 0.5), percentile(resumed, 1.0));
  std::printf("longest time a channel went unchecked during the outage (min): median %.1f, max %.1f\n",
              percentile(gaps, 0.5), percentile(gaps, 1.0));
  std::printf(
      "requests to YouTube per hour during the outage: %.1f feed, %.1f yt-dlp listings, %.1f yt-dlp video "
      "fetches, %.1f in all\n",
      feeds, listings, fetches, feeds + listings + fetches);
  return never == 0 ? 0 : 1;
}
