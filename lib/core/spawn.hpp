#pragma once
// Starts a coroutine that nobody awaits (a polling loop, a worker, a notification). However it
// ends, it never takes the process down: an exception is logged as "WHAT ended by an error: …"
// and on_error runs, so the owner can start the loop again after a pause.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <string>
#include <vector>

namespace ytm {

void spawn_logged(const boost::asio::any_io_executor& executor, boost::asio::awaitable<void> task, std::string what,
                  std::function<void()> on_error = {});

// Starts a loop that must keep running while the daemon does (the outbox, the digests): each time
// it ends by an error it is logged ("WHAT ended by an error: …; started again in 5s") and `start`
// makes it anew after a pause that grows from 5 s to 10 min while it keeps failing within a minute
// of its start. A loop that returns is done.
void spawn_supervised(const boost::asio::any_io_executor& executor, std::function<boost::asio::awaitable<void>()> start,
                      std::string what);

// Runs the tasks side by side and returns once every one has ended; the first exception one of
// them threw is then rethrown to the caller (never lost, never leaving the caller waiting).
boost::asio::awaitable<void> run_all(boost::asio::any_io_executor executor,
                                     std::vector<boost::asio::awaitable<void>> tasks);

}  // namespace ytm
