#pragma once
// Starts a coroutine that nobody awaits (a polling loop, a worker, a notification). However it
// ends, it never takes the process down: an exception is logged as "WHAT ended by an error: …"
// and on_error runs, so the owner can start the loop again after a pause.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <string>

namespace ytm {

void spawn_logged(const boost::asio::any_io_executor& executor, boost::asio::awaitable<void> task, std::string what,
                  std::function<void()> on_error = {});

}  // namespace ytm
