#pragma once
// Bounds how many model requests are in flight (model.max_concurrent_requests), shared by every
// pipeline in the process. Waiters are served first come first served: a video's summary, which
// needs all of its chunks, queues behind the chunks already waiting, so a batch of videos ends
// with their summaries side by side instead of one summary alone in the last round.
// All use must be on one executor's thread (the daemon's io_context).
#include <boost/asio/awaitable.hpp>

#include <memory>

namespace ytm::pipeline {

class RequestLimiter {
 public:
  explicit RequestLimiter(int slots);
  ~RequestLimiter();
  RequestLimiter(const RequestLimiter&) = delete;
  RequestLimiter& operator=(const RequestLimiter&) = delete;

  boost::asio::awaitable<void> acquire();
  void release();
  [[nodiscard]] int slots() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Holds a slot until it goes out of scope.
class LimiterSlot {
 public:
  explicit LimiterSlot(RequestLimiter& limiter) : limiter_(&limiter) {}
  ~LimiterSlot() {
    if (limiter_) limiter_->release();
  }
  LimiterSlot(const LimiterSlot&) = delete;
  LimiterSlot& operator=(const LimiterSlot&) = delete;

 private:
  RequestLimiter* limiter_;
};

}  // namespace ytm::pipeline
