#pragma once
// tests/fakes/fake_model as a subprocess on 127.0.0.1, with its control API, for the model and
// pipeline tests; and running one coroutine to completion.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include "support/stand_in_process.hpp"

namespace ytm::test {

class FakeModel {
 public:
  explicit FakeModel(std::vector<std::string> args = {});
  FakeModel(const FakeModel&) = delete;
  FakeModel& operator=(const FakeModel&) = delete;

  [[nodiscard]] int port() const { return process_.port(); }
  [[nodiscard]] std::string base_url() const { return "http://127.0.0.1:" + std::to_string(process_.port()); }

  // POST /_control/faults with these settings merged in; returns all of them.
  nlohmann::json faults(const nlohmann::json& settings) const;
  [[nodiscard]] nlohmann::json stats() const;
  void reset() const;

 private:
  [[nodiscard]] nlohmann::json control(const std::string& method, const std::string& path,
                                       const std::string& body) const;
  StandInProcess process_;
};

template <class T>
boost::asio::awaitable<std::optional<T>> optional_of(boost::asio::awaitable<T> task) {
  co_return co_await std::move(task);
}

// Runs the coroutine on a fresh io_context until it finishes; rethrows what it threw.
template <class T>
T run_coroutine(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  std::optional<T> result;
  std::exception_ptr error;
  boost::asio::co_spawn(io, optional_of(std::move(task)), [&](std::exception_ptr e, std::optional<T> value) {
    error = e;
    result = std::move(value);
  });
  io.restart();
  io.run();
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

}  // namespace ytm::test
