#include "pipeline/limiter.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <deque>

namespace ytm::pipeline {

namespace asio = boost::asio;

struct RequestLimiter::State {
  int slots = 1;
  int available = 1;
  // A waiter sleeps on its timer; release() hands it the slot by cancelling the timer.
  std::deque<std::shared_ptr<asio::steady_timer>> waiters;
};

RequestLimiter::RequestLimiter(int slots) : state_(std::make_unique<State>()) {
  state_->slots = state_->available = slots < 1 ? 1 : slots;
}

RequestLimiter::~RequestLimiter() = default;

int RequestLimiter::slots() const { return state_->slots; }

asio::awaitable<void> RequestLimiter::acquire() {
  if (state_->available > 0 && state_->waiters.empty()) {
    --state_->available;
    co_return;
  }
  auto timer =
      std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor, asio::steady_timer::time_point::max());
  state_->waiters.push_back(timer);
  boost::system::error_code ec;
  co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
  // Woken by release(), which passed its slot on: nothing to count here.
}

void RequestLimiter::release() {
  if (state_->waiters.empty()) {
    ++state_->available;
    return;
  }
  auto next = std::move(state_->waiters.front());
  state_->waiters.pop_front();
  next->cancel();
}

}  // namespace ytm::pipeline
