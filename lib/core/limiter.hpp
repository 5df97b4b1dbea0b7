#pragma once
// An async counting semaphore for one executor's thread: at most max() holders at once, the rest
// wait in arrival order (a video's summary queues behind the chunks already waiting). A holder
// keeps its Permit until the Permit goes. A wait that is cancelled takes no slot and loses none;
// set_max lets more in at once, or fewer once enough holders have finished.
#include <boost/asio/awaitable.hpp>

#include <deque>
#include <memory>
#include <utility>

namespace ytm {

class Limiter {
 public:
  class Permit {
   public:
    Permit(Permit&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    Permit& operator=(Permit&&) = delete;
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    ~Permit() {
      if (owner_) owner_->release();
    }

   private:
    friend class Limiter;
    explicit Permit(Limiter* owner) : owner_(owner) {}
    Limiter* owner_;
  };

  explicit Limiter(int max);
  ~Limiter();
  Limiter(const Limiter&) = delete;
  Limiter& operator=(const Limiter&) = delete;

  // Throws boost::system::system_error (operation_aborted) when the waiting coroutine is cancelled.
  boost::asio::awaitable<Permit> acquire();
  void set_max(int max);
  [[nodiscard]] int max() const { return max_; }

 private:
  struct Waiter;
  void release();
  void grant_waiting();

  int max_;
  int used_ = 0;
  std::deque<std::shared_ptr<Waiter>> waiters_;
};

}  // namespace ytm
