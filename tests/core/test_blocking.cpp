// Blocking work handed to the pool (SQLite, file writes) runs to its end whatever happens to the
// coroutine that waits for it: a caller cancelled mid-way (SIGTERM during a render, the losing
// side of an ||) gets its cancellation at its next co_await, and the process goes on.
#include <catch2/catch.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <thread>

#include "core/blocking.hpp"

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;

namespace {

asio::awaitable<void> wait_for(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<int> slow_work(ytm::BlockingPool& pool, std::atomic<bool>& finished) {
  co_return co_await pool.run([&finished] {
    std::this_thread::sleep_for(200ms);
    finished = true;
    return 7;
  });
}

// The caller's part: the work, then one more wait (where a cancellation shows).
asio::awaitable<int> work_then_wait(ytm::BlockingPool& pool, std::atomic<bool>& finished) {
  int value = co_await slow_work(pool, finished);
  co_await wait_for(1ms);
  co_return value;
}

}  // namespace

TEST_CASE("work on the pool whose caller loses an || still runs to its end, and the pool goes on") {
  asio::io_context io;
  ytm::BlockingPool pool(2);
  std::atomic<bool> finished = false;
  auto raced = asio::co_spawn(io, slow_work(pool, finished) || wait_for(20ms), asio::use_future);
  io.run();
  CHECK(raced.get().index() == 1);
  CHECK(finished);

  io.restart();
  std::atomic<bool> again = false;
  auto next = asio::co_spawn(io, slow_work(pool, again), asio::use_future);
  io.run();
  CHECK(next.get() == 7);
}

TEST_CASE("a caller cancelled while its work runs on the pool is told at its next co_await") {
  asio::io_context io;
  ytm::BlockingPool pool(2);
  std::atomic<bool> finished = false;
  asio::cancellation_signal stop;
  auto job =
      asio::co_spawn(io, work_then_wait(pool, finished), asio::bind_cancellation_slot(stop.slot(), asio::use_future));
  asio::steady_timer soon(io, 20ms);
  soon.async_wait([&stop](boost::system::error_code) { stop.emit(asio::cancellation_type::terminal); });
  io.run();
  CHECK(finished);
  CHECK_THROWS_WITH(job.get(), Catch::Contains("cancel"));
}
