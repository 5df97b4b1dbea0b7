#pragma once
// A command's one coroutine, run on its own io_context until everything on it has ended: the
// coroutine's value, or what it threw, rethrown to the command (never a result left unset by a
// coroutine that died on its own). Include from the command line's files only.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace ytm {

template <class T>
T run_to_end(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  auto done = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
  io.run();
  return done.get();
}

}  // namespace ytm
