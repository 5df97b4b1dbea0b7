// run_all: tasks side by side, awaited by their caller; a task's exception reaches the caller once
// every task has ended, instead of being lost with the caller left waiting (issue 22: poll-once).
#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <stdexcept>
#include <vector>

#include "core/spawn.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

asio::awaitable<void> sleep_then_count(std::chrono::milliseconds d, int* finished) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(asio::use_awaitable);
  ++*finished;
}

asio::awaitable<void> throw_after(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(asio::use_awaitable);
  throw std::runtime_error("a poller's bug");
}

}  // namespace

TEST_CASE("run_all returns once every task has ended") {
  asio::io_context io;
  int finished = 0;
  std::vector<asio::awaitable<void>> tasks;
  for (int i = 0; i < 5; ++i) tasks.push_back(sleep_then_count(std::chrono::milliseconds(5 * i), &finished));
  auto done = asio::co_spawn(io, ytm::run_all(io.get_executor(), std::move(tasks)), asio::use_future);
  io.run();
  done.get();
  CHECK(finished == 5);

  auto none = asio::co_spawn(io, ytm::run_all(io.get_executor(), {}), asio::use_future);
  io.restart();
  io.run();
  CHECK_NOTHROW(none.get());
}

TEST_CASE("a task that throws ends run_all with its error after the others, instead of hanging") {
  asio::io_context io;
  int finished = 0;
  std::vector<asio::awaitable<void>> tasks;
  tasks.push_back(sleep_then_count(20ms, &finished));
  tasks.push_back(throw_after(1ms));
  tasks.push_back(sleep_then_count(40ms, &finished));
  auto done = asio::co_spawn(io, ytm::run_all(io.get_executor(), std::move(tasks)), asio::use_future);
  io.run();  // returns: nothing is left waiting
  CHECK_THROWS_WITH(done.get(), "a poller's bug");
  CHECK(finished == 2);
}
