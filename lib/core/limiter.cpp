#include "core/limiter.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace ytm {

namespace asio = boost::asio;

// A waiter is handed its slot by grant_waiting() setting granted before waking it; a waiter woken
// without it was cancelled, leaves the queue and takes nothing.
struct Limiter::Waiter {
  explicit Waiter(const asio::any_io_executor& ex) : timer(ex, asio::steady_timer::time_point::max()) {}
  asio::steady_timer timer;
  bool granted = false;
};

Limiter::Limiter(int max) : max_(std::max(1, max)) {}

Limiter::~Limiter() = default;

asio::awaitable<Limiter::Permit> Limiter::acquire() {
  if (used_ < max_ && waiters_.empty()) {
    ++used_;
    co_return Permit(this);
  }
  auto waiter = std::make_shared<Waiter>(co_await asio::this_coro::executor);
  waiters_.push_back(waiter);
  (void)co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
  if (!waiter->granted) {
    waiters_.erase(std::remove(waiters_.begin(), waiters_.end(), waiter), waiters_.end());
    throw boost::system::system_error(asio::error::operation_aborted);
  }
  co_return Permit(this);
}

void Limiter::release() {
  --used_;
  grant_waiting();
}

void Limiter::set_max(int max) {
  max_ = std::max(1, max);
  grant_waiting();
}

void Limiter::grant_waiting() {
  while (used_ < max_ && !waiters_.empty()) {
    auto next = waiters_.front();
    waiters_.pop_front();
    next->granted = true;
    ++used_;
    next->timer.cancel();
  }
}

}  // namespace ytm
