#pragma once
// Runs blocking work (SQLite, big parses, file writes) on a small thread pool and resumes the
// calling coroutine on its own executor when done, so the io_context thread never blocks.
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace ytm {

class BlockingPool {
 public:
  explicit BlockingPool(std::size_t threads = 2);
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // co_await pool.run([&] { return store.video(id); });  Exceptions propagate to the caller.
  template <class F>
  boost::asio::awaitable<std::invoke_result_t<F>> run(F f) {
    using R = std::invoke_result_t<F>;
    if constexpr (std::is_void_v<R>) {
      co_await run_on_pool([&f] { f(); });
    } else {
      std::optional<R> result;
      co_await run_on_pool([&result, &f] { result.emplace(f()); });
      co_return std::move(*result);
    }
  }

  void stop();
  // Waits until the work handed to the pool has run (each piece is short); no new work may come.
  void finish();

 private:
  boost::asio::awaitable<void> run_on_pool(std::function<void()> work);

  struct Threads;
  std::unique_ptr<Threads> threads_;
};

}  // namespace ytm
