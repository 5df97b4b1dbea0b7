#pragma once
// Runs blocking work (SQLite, big parses, file writes) on a small thread pool and resumes the
// calling coroutine on its own executor when done, so the io_context thread never blocks.
// Include only from .cpp files: it pulls in Asio.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <type_traits>
#include <utility>

namespace ytm {

class BlockingPool {
 public:
  explicit BlockingPool(std::size_t threads = 2) : pool_(threads) {}
  ~BlockingPool() { pool_.join(); }
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // co_await pool.run([&] { return store.video(id); });  Exceptions propagate to the caller.
  template <class F>
  boost::asio::awaitable<std::invoke_result_t<F>> run(F f) {
    co_return co_await boost::asio::co_spawn(pool_, invoke(std::move(f)), boost::asio::use_awaitable);
  }

  void stop() { pool_.stop(); }
  // Waits until the work handed to the pool has run (each piece is short); no new work may come.
  void finish() { pool_.join(); }

 private:
  // A named coroutine, not a coroutine lambda: GCC 12 miscompiles some of those (bug 107288).
  template <class F>
  static boost::asio::awaitable<std::invoke_result_t<F>> invoke(F f) {
    if constexpr (std::is_void_v<std::invoke_result_t<F>>) {
      f();
      co_return;
    } else {
      co_return f();
    }
  }

  boost::asio::thread_pool pool_;
};

}  // namespace ytm
