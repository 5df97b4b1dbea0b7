#pragma once
// The daemon's side of the health checks: run at start and every hour (no model call), each
// change logged once, and a failed required check turned into a pause of its stage until it passes.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/loader.hpp"
#include "core/blocking.hpp"
#include "core/time.hpp"
#include "health/checks.hpp"
#include "core/pauses.hpp"
#include "upkeep/ytdlp_upkeep.hpp"

namespace ytm::upkeep {

class HealthWatch {
 public:
  // on_change runs after each round (the workers wake to see whether they may resume).
  HealthWatch(boost::asio::io_context& io, BlockingPool& pool, Pauses& pauses, const config::Loaded& loaded,
              std::function<void()> on_change);

  // A round now, then every hour; after_first runs once the first round is in (the workers start
  // then, so that a broken tool pauses them before they take a video).
  void start(std::function<void()> after_first);
  void check_now();  // another round soon (after a reload, or when a stage reports a broken tool)
  // yt-dlp failed in a way newer releases fix: update it (transcript.update: auto) and check again.
  void after_extraction_error() {
    upkeep_.after_extraction_error();
    check_now();
  }
  [[nodiscard]] const nlohmann::json& last_update() const { return upkeep_.last(); }
  // Runs when an update put a new yt-dlp in place (the videos it failed are tried again).
  std::function<void()> on_ytdlp_updated;
  void stop();

  [[nodiscard]] const std::vector<health::CheckResult>& results() const { return results_; }
  [[nodiscard]] UnixTime checked_at() const { return checked_at_; }  // 0 before the first round
  // [{check, level, required, stage, summary, fix}] for /api/status
  [[nodiscard]] nlohmann::json to_json() const;

  // One round; public for `ytmonitor run`'s first check before the workers start.
  boost::asio::awaitable<void> round();

 private:
  boost::asio::awaitable<void> loop();
  void apply(std::vector<health::CheckResult> results);

  boost::asio::io_context& io_;
  BlockingPool& pool_;
  Pauses& pauses_;
  const config::Loaded& loaded_;
  std::function<void()> on_change_;
  std::function<void()> after_first_;
  std::vector<health::CheckResult> results_;
  UnixTime checked_at_ = 0;
  std::map<std::string, std::string> logged_;  // check → the problem last logged for it
  boost::asio::steady_timer timer_;
  YtdlpUpkeep upkeep_;
  bool stopping_ = false;
};

}  // namespace ytm::upkeep
