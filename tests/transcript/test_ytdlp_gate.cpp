// The pace every yt-dlp run keeps, with the default transcript.min_interval a user gets.
#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <vector>

#include "config/config.hpp"
#include "transcript/ytdlp_gate.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using ytm::transcript::YtdlpGate;

boost::asio::awaitable<void> take_turn(std::shared_ptr<YtdlpGate> gate, std::vector<Clock::time_point>* at) {
  auto turn = co_await gate->turn(co_await boost::asio::this_coro::executor);
  REQUIRE(turn.ok());
  at->push_back(Clock::now());
}

// `count` runs ask for their turn at once; each turn's time is added to `at`.
void take_turns(boost::asio::io_context& io, const std::shared_ptr<YtdlpGate>& gate, int count,
                std::vector<Clock::time_point>& at) {
  io.restart();
  for (int i = 0; i < count; ++i)
    boost::asio::co_spawn(io, take_turn(gate, &at), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
  io.run();
}

double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace

TEST_CASE("yt-dlp runs asked for at once are spaced by the default min_interval, randomised, in the order asked") {
  const ytm::config::TranscriptSettings defaults;
  REQUIRE(defaults.min_interval == std::chrono::seconds(10));
  auto gate = std::make_shared<YtdlpGate>(defaults.min_interval);
  boost::asio::io_context io(1);
  std::vector<Clock::time_point> at;
  const auto asked = Clock::now();
  take_turns(io, gate, 3, at);
  REQUIRE(at.size() == 3);
  CHECK(gate->turns() == 3);
  CHECK(seconds_between(asked, at[0]) < 1.0);  // the first run goes at once
  for (int i = 1; i < 3; ++i) {
    const double gap = seconds_between(at[i - 1], at[i]);
    INFO("gap before run " << i << ": " << gap << " s");
    CHECK(gap >= 6.99);  // 10 s less 30 %
    CHECK(gap <= 13.5);  // 10 s and 30 %, and a little for a loaded machine
  }
}

TEST_CASE("a min_interval of zero lets runs go at once, and a reload changes the pace for the turns after it") {
  auto gate = std::make_shared<YtdlpGate>(std::chrono::seconds(0));
  boost::asio::io_context io(1);
  std::vector<Clock::time_point> at;
  const auto asked = Clock::now();
  take_turns(io, gate, 3, at);
  REQUIRE(at.size() == 3);
  CHECK(seconds_between(asked, at[2]) < 1.0);
  gate->set_min_interval(std::chrono::seconds(2));
  take_turns(io, gate, 2, at);
  REQUIRE(at.size() == 5);
  CHECK(seconds_between(at[3], at[4]) >= 1.39);
}
