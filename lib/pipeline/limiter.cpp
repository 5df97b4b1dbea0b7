#include "pipeline/limiter.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <deque>

namespace ytm::pipeline {

namespace asio = boost::asio;

// The design of service::Limiter (which pipeline cannot reach): a waiter is handed its slot by
// release() setting granted before waking it; a waiter woken without it was cancelled, leaves the
// queue and takes nothing, so a cancelled or timed-out wait never counts as a slot.
struct RequestLimiter::State {
  struct Waiter {
    explicit Waiter(const asio::any_io_executor& ex) : timer(ex, asio::steady_timer::time_point::max()) {}
    asio::steady_timer timer;
    bool granted = false;
  };
  int slots = 1;
  int available = 1;
  std::deque<std::shared_ptr<Waiter>> waiters;
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
  auto waiter = std::make_shared<State::Waiter>(co_await asio::this_coro::executor);
  state_->waiters.push_back(waiter);
  (void)co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
  if (!waiter->granted) {
    auto& queue = state_->waiters;
    queue.erase(std::remove(queue.begin(), queue.end(), waiter), queue.end());
    throw boost::system::system_error(asio::error::operation_aborted);
  }
}

void RequestLimiter::release() {
  if (state_->waiters.empty()) {
    ++state_->available;
    return;
  }
  auto next = std::move(state_->waiters.front());
  state_->waiters.pop_front();
  next->granted = true;
  next->timer.cancel();
}

}  // namespace ytm::pipeline
