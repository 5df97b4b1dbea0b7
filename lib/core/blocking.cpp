#include "core/blocking.hpp"

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

boost::asio::awaitable<void> BlockingPool::run_on_pool(std::function<void()> work) {
  co_await boost::asio::co_spawn(threads_->pool, invoke(std::move(work)), boost::asio::use_awaitable);
}

}  // namespace ytm
