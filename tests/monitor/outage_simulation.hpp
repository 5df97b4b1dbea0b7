#pragma once
// Virtual time over monitor::PollPlanner, the part of the monitor that decides: N channels whose
// feeds all fail for a window, uploads published before, during and after it, the channel listings
// and video fetches taking turns at a gate paced like transcript::YtdlpGate. Used by the outage
// tests (the aims, with the real defaults) and by bench/outage (200 channels).
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "monitor/poll_planner.hpp"

namespace ytm::test {

struct OutageScenario {
  int channels = 50;
  monitor::PollPlanner::Pacing pacing;                                // the defaults: 15 min, ±20%
  std::chrono::milliseconds min_interval = std::chrono::seconds(10);  // transcript.min_interval
  std::chrono::seconds outage_start = std::chrono::hours(2);
  std::chrono::seconds outage_length = std::chrono::hours(5);  // 20 poll intervals
  std::chrono::seconds run_for = std::chrono::hours(9);
  std::string failure = "http_404";
  std::chrono::seconds listing_takes = std::chrono::seconds(4);  // one flat listing's run
  int uploads_per_channel = 3;                                   // at random times over the whole run
  std::uint32_t seed = 1;
};

struct UploadResult {
  int channel = 0;
  double published_s = 0;  // since the start
  double queued_s = -1;    // -1: never
  bool by_listing = false;
};

struct OutageResult {
  std::vector<UploadResult> uploads;
  double detected_after_s = -1;  // from the outage's start until the monitor calls it one
  double ended_after_s = -1;     // from the feeds' return until the monitor saw it
  // From the feeds' return until the last channel had fetched its feed again.
  double all_polled_after_s = -1;
  long feed_requests_in_outage = 0;
  long listings_in_outage = 0;
  long video_fetches_in_outage = 0;
  double longest_listing_gap_s = 0;  // per channel, during the outage (from its start)
};

OutageResult simulate_outage(const OutageScenario& scenario);

}  // namespace ytm::test
