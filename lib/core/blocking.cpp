#include "core/blocking.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ytm {

struct BlockingPool::Threads {
  explicit Threads(std::size_t n) : pool(n) {}
  boost::asio::thread_pool pool;
};

BlockingPool::BlockingPool(std::size_t threads) : threads_(std::make_unique<Threads>(threads)) {}

BlockingPool::~BlockingPool() { threads_->pool.join(); }

void BlockingPool::stop() { threads_->pool.stop(); }

void BlockingPool::finish() { threads_->pool.join(); }

namespace {

// A named coroutine, not a coroutine lambda: GCC 12 miscompiles some of those (bug 107288).
boost::asio::awaitable<void> invoke(std::function<void()> work) {
  work();
  co_return;
}

}  // namespace

// Work on the pool cannot be cancelled, so a cancellation of the caller (SIGTERM, the other side of
// an ||) is not handed on: Boost 1.81 would throw it inside the pool's coroutine, outside what
// co_spawn catches, and a pool thread that throws ends the process. The caller sees its
// cancellation at its next co_await instead.
boost::asio::awaitable<void> BlockingPool::run_on_pool(std::function<void()> work) {
  co_await boost::asio::co_spawn(
      threads_->pool, invoke(std::move(work)),
      boost::asio::bind_cancellation_slot(boost::asio::cancellation_slot(), boost::asio::use_awaitable));
}

}  // namespace ytm
