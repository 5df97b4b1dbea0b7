#pragma once
// transcript.update: auto: a self-updating yt-dlp is updated once a day, and after an extraction
// error that newer releases fix (at most once a day too, and not within an hour of another
// attempt). The last attempt is kept in state_dir/ytdlp-update.json so that restarts do not
// update again.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/blocking.hpp"

namespace ytm::upkeep {

class YtdlpUpkeep {
 public:
  YtdlpUpkeep(boost::asio::io_context& io, BlockingPool& pool) : io_(io), pool_(pool) {}

  void after_extraction_error() { error_seen_ = true; }
  // Updates when it is due; logs each update with both versions. True when a new version runs.
  boost::asio::awaitable<bool> run_if_due(config::Config config);
  // The last attempt: {at, reason, from, to, restored, message, error_update_at}; null before any.
  [[nodiscard]] const nlohmann::json& last() const { return last_; }

 private:
  boost::asio::io_context& io_;
  BlockingPool& pool_;
  bool error_seen_ = false;
  bool loaded_ = false;
  bool told_off_ = false;
  bool told_error_limit_ = false;
  nlohmann::json last_;
};

}  // namespace ytm::upkeep
