#pragma once
// One subscribed channel's polling state (private to the monitor's files).
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "config/channel_filter.hpp"
#include "monitor/monitor.hpp"

namespace ytm::monitor {

// The wait until the planner's next fetch; a parked channel waits until the planner wakes it (the
// feeds answer again, or its turn to probe).
inline std::chrono::milliseconds wait_until(PollPlanner::Time next, PollPlanner::Time now) {
  if (next == PollPlanner::parked) return std::chrono::hours(24 * 365);
  return std::chrono::duration_cast<std::chrono::milliseconds>(next - now);
}

struct Monitor::Slot {
  Slot(boost::asio::io_context& io, config::Channel c) : settings(std::move(c)), filter(settings), timer(io) {}
  config::Channel settings;
  config::ChannelFilter filter;
  std::string channel_id;  // resolved
  std::string title;
  boost::asio::steady_timer timer;
  bool stopped = false;
  bool registered = false;
  std::chrono::milliseconds next_delay{0};
  // While it cannot be resolved (no channel id yet): why, how often in a row, and the next try.
  std::string unresolved_error;
  int unresolved_failures = 0;
  UnixTime unresolved_next_try = 0;
};

}  // namespace ytm::monitor
