#pragma once
// Every yt-dlp run that asks YouTube for pages (a video's info, a channel's listing) takes its turn
// here, so one pace holds for the workers and the monitor alike: guest sessions get about 300
// videos an hour and yt-dlp's wiki advises 5-10 s between videos, or YouTube answers with bot checks.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <random>

#include "core/failure.hpp"
#include "transcript/bot_check_pause.hpp"

namespace ytm::transcript {

class YtdlpGate {
 public:
  explicit YtdlpGate(std::chrono::milliseconds min_interval);

  void set_min_interval(std::chrono::milliseconds interval);

  // This run's turn: min_interval, randomised by ±30 %, after the previous turn began; the first
  // at once. A follow-up run on the same video right after (its captions from the info JSON) takes
  // none. The Status is the Failure that holds YouTube work back instead, without waiting: the
  // bot-check pause (bot_check_pause()), also when it began while this turn was waiting.
  boost::asio::awaitable<Status> turn(boost::asio::any_io_executor executor);

  // How each yt-dlp run ended: its Failure, or nullptr when it worked. A bot check pauses all turns.
  void saw(const Failure* failure);

  // The pause a bot check starts; the daemon shows it and ends it when the user acts.
  BotCheckPause& bot_check_pause() { return pause_; }

  // Turns taken so far (for status and tests).
  [[nodiscard]] long long turns() const { return turns_; }

 private:
  std::chrono::milliseconds spacing();

  std::chrono::milliseconds min_interval_;
  std::chrono::steady_clock::time_point next_turn_{};
  long long turns_ = 0;
  std::mt19937 random_;
  BotCheckPause pause_;
};

}  // namespace ytm::transcript
