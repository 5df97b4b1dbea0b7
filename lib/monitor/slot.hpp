#pragma once
// One subscribed channel's polling state (private to the monitor's files).
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "monitor/filters.hpp"
#include "monitor/monitor.hpp"

namespace ytm::monitor {

struct Monitor::Slot {
  Slot(boost::asio::io_context& io, config::Channel c) : settings(std::move(c)), filter(settings), timer(io) {}
  config::Channel settings;
  ChannelFilter filter;
  std::string channel_id;  // resolved
  std::string title;
  boost::asio::steady_timer timer;
  bool stopped = false;
  bool registered = false;
  int failures = 0;
  std::chrono::milliseconds next_delay{0};
};

}  // namespace ytm::monitor
