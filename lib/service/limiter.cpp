#include "service/limiter.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace ytm::service {

namespace asio = boost::asio;

asio::awaitable<Limiter::Permit> Limiter::acquire() {
  if (used_ < max_ && waiters_.empty()) {
    ++used_;
    co_return Permit(this);
  }
  auto waiter = std::make_shared<Waiter>(executor_);
  waiter->timer.expires_at(asio::steady_timer::time_point::max());
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
  max_ = max;
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

}  // namespace ytm::service
