#pragma once
// transcript.update: auto: a self-updating yt-dlp is updated at most once a day, and (at most
// hourly) after an extraction error that newer releases fix. The last attempt is kept in
// state_dir/ytdlp-update.json so that restarts do not update again.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/blocking.hpp"

namespace ytm::service {

class YtdlpUpkeep {
 public:
  YtdlpUpkeep(boost::asio::io_context& io, BlockingPool& pool) : io_(io), pool_(pool) {}

  void after_extraction_error() { error_seen_ = true; }
  // Updates when it is due; logs each update with both versions.
  boost::asio::awaitable<void> run_if_due(config::Config config);
  // The last attempt: {at, from, to, restored, message}; null before any.
  [[nodiscard]] const nlohmann::json& last() const { return last_; }

 private:
  boost::asio::io_context& io_;
  BlockingPool& pool_;
  bool error_seen_ = false;
  bool loaded_ = false;
  bool told_off_ = false;
  nlohmann::json last_;
};

}  // namespace ytm::service
