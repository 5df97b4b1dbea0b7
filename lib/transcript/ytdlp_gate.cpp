#include "transcript/ytdlp_gate.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/metrics.hpp"
#include "core/time.hpp"

namespace ytm::transcript {

namespace asio = boost::asio;

namespace {
constexpr double spread = 0.3;  // a fixed beat is easier to spot than a human's pace
}

YtdlpGate::YtdlpGate(std::chrono::milliseconds min_interval)
    : min_interval_(min_interval), random_(std::random_device{}()) {}

void YtdlpGate::set_min_interval(std::chrono::milliseconds interval) { min_interval_ = interval; }

std::chrono::milliseconds YtdlpGate::spacing() {
  if (min_interval_.count() <= 0) return std::chrono::milliseconds(0);
  std::uniform_real_distribution<double> factor(1.0 - spread, 1.0 + spread);
  return std::chrono::milliseconds(
      static_cast<long long>(static_cast<double>(min_interval_.count()) * factor(random_)));
}

// Turns are handed out in the order they are asked for: each caller books the next free time
// before it waits, so two callers never share a beat.
asio::awaitable<Status> YtdlpGate::turn(asio::any_io_executor executor) {
  if (pause_.holds(now_unix())) {
    if (auto refused = pause_.refuse(now_unix())) co_return *refused;
  }
  const auto now = std::chrono::steady_clock::now();
  const auto at = std::max(now, next_turn_);
  next_turn_ = at + spacing();
  ++turns_;
  metrics().count("ytmonitor_ytdlp_turns_total");
  if (at > now) {
    asio::steady_timer timer(executor, at);
    co_await timer.async_wait(asio::use_awaitable);
  }
  // A bot check may have come while this turn waited; or this run is the probe at a pause's end.
  if (auto refused = pause_.refuse(now_unix())) co_return *refused;
  co_return success();
}

void YtdlpGate::saw(const Failure* failure) { pause_.saw(failure, now_unix()); }

}  // namespace ytm::transcript
