#pragma once
// Writes each digest once its day or week is over (output.digest), checked at start and every few
// minutes; after downtime, the periods missed (up to a week of days, or four weeks) are written
// too. Each digest is announced through the outbox.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>

#include "config/loader.hpp"
#include "core/blocking.hpp"
#include "store/store.hpp"

namespace ytm::notify {

class DigestWriter {
 public:
  DigestWriter(boost::asio::io_context& io, BlockingPool& pool, store::Store& store, const config::Loaded& loaded,
               std::function<void()> notified);
  void start();
  void stop();

  // Writes what is due now; returns how many digests were written. Blocking (files, SQLite).
  int write_due(UnixTime now);

 private:
  boost::asio::awaitable<void> loop();

  boost::asio::io_context& io_;
  BlockingPool& pool_;
  store::Store& store_;
  const config::Loaded& loaded_;
  std::function<void()> notified_;
  boost::asio::steady_timer timer_;
  bool stopping_ = false;
};

}  // namespace ytm::notify
