#pragma once
// An async counting semaphore for the io_context thread: at most max holders at once, the rest
// wait in arrival order. Include only from .cpp files: it pulls in Asio.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <memory>

namespace ytm::service {

class Limiter {
 public:
  class Permit {
   public:
    explicit Permit(Limiter* owner) : owner_(owner) {}
    Permit(Permit&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    Permit& operator=(Permit&&) = delete;
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    ~Permit() {
      if (owner_) owner_->release();
    }

   private:
    Limiter* owner_;
  };

  Limiter(boost::asio::any_io_executor executor, int max) : executor_(std::move(executor)), max_(max) {}

  // Throws boost::system::system_error (operation_aborted) when the waiting coroutine is cancelled.
  boost::asio::awaitable<Permit> acquire();
  void set_max(int max);
  [[nodiscard]] int in_use() const { return used_; }
  [[nodiscard]] int max() const { return max_; }

 private:
  struct Waiter {
    explicit Waiter(const boost::asio::any_io_executor& ex) : timer(ex) {}
    boost::asio::steady_timer timer;
    bool granted = false;
  };

  void release();
  void grant_waiting();

  boost::asio::any_io_executor executor_;
  int max_;
  int used_ = 0;
  std::deque<std::shared_ptr<Waiter>> waiters_;
};

}  // namespace ytm::service
