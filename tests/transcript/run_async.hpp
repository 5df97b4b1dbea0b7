#pragma once
// Runs one coroutine to completion on a fresh io_context, for tests. Include from .cpp files only.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "support/run.hpp"

namespace ytm::test {

// co_spawn's handler needs a default-constructible result; Outcome<T> is not.
template <class T>
boost::asio::awaitable<std::optional<T>> as_optional(boost::asio::awaitable<T> task) {
  co_return co_await std::move(task);
}

template <class T>
T run_async(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  std::optional<T> result;
  std::exception_ptr error;
  boost::asio::co_spawn(io, as_optional(std::move(task)), [&](std::exception_ptr e, std::optional<T> value) {
    error = e;
    result = std::move(value);
  });
  io.run();
  io.restart();
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

template <class T>
T run_async(boost::asio::awaitable<T> task) {
  boost::asio::io_context io;
  return run_async(io, std::move(task));
}

// The pids a test's shell wrote into a file, one per line (waits up to 5 s for it to appear).
std::vector<long> read_pids(const std::string& path, std::size_t count);
// Open file descriptors of this test process.
int open_fd_count();

}  // namespace ytm::test
