#include "core/spawn.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <random>

#include "core/backoff.hpp"
#include "core/duration.hpp"
#include "core/exception_text.hpp"

namespace ytm {
namespace {

using namespace std::chrono_literals;

constexpr auto first_pause = 5s;
constexpr auto longest_pause = 10min;
constexpr auto steady_run = 1min;  // a loop that ran this long before it failed starts again quickly

boost::asio::awaitable<void> supervise(boost::asio::any_io_executor executor,
                                       std::function<boost::asio::awaitable<void>()> start, std::string what) {
  std::mt19937 random(std::random_device{}());
  int failures = 0;
  boost::asio::steady_timer pause(executor);
  while (true) {
    const auto began = std::chrono::steady_clock::now();
    std::exception_ptr error;
    try {
      co_await start();
      co_return;
    } catch (...) {
      error = std::current_exception();
    }
    if (std::chrono::steady_clock::now() - began > steady_run) failures = 0;
    const auto wait = backoff_delay(++failures, first_pause, longest_pause, 0.0, random);
    spdlog::error("{} ended by an error: {}; started again in {}", what, exception_text(error), format_duration(wait));
    pause.expires_after(wait);
    co_await pause.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  }
}

}  // namespace

void spawn_logged(const boost::asio::any_io_executor& executor, boost::asio::awaitable<void> task, std::string what,
                  std::function<void()> on_error) {
  boost::asio::co_spawn(executor, std::move(task),
                        [what = std::move(what), on_error = std::move(on_error)](const std::exception_ptr& e) {
                          if (!e) return;
                          spdlog::error("{} ended by an error: {}", what, exception_text(e));
                          if (on_error) on_error();
                        });
}

void spawn_supervised(const boost::asio::any_io_executor& executor, std::function<boost::asio::awaitable<void>()> start,
                      std::string what) {
  auto name = what;
  spawn_logged(executor, supervise(executor, std::move(start), std::move(what)), std::move(name));
}

namespace {

struct Joined {
  explicit Joined(const boost::asio::any_io_executor& executor, std::size_t n)
      : left(n), done(executor, boost::asio::steady_timer::time_point::max()) {}
  std::size_t left;
  std::exception_ptr first_error;
  boost::asio::steady_timer done;
};

// A named type, not a lambda inside run_all: clang-tidy 16 takes a lambda's parameters (and its
// implicit copy constructor's) inside a coroutine for the coroutine's own.
struct TaskEnded {
  std::shared_ptr<Joined> joined;
  void operator()(std::exception_ptr e) const {
    if (e && !joined->first_error) joined->first_error = e;
    if (--joined->left == 0) joined->done.cancel();
  }
};

}  // namespace

boost::asio::awaitable<void> run_all(boost::asio::any_io_executor executor,
                                     std::vector<boost::asio::awaitable<void>> tasks) {
  auto joined = std::make_shared<Joined>(executor, tasks.size());
  for (auto& task : tasks) {
    boost::asio::co_spawn(executor, std::move(task), TaskEnded{joined});
  }
  if (joined->left > 0) co_await joined->done.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  if (joined->first_error) std::rethrow_exception(joined->first_error);
}

}  // namespace ytm
