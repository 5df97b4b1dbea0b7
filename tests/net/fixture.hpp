#pragma once
// Shared by the lib/net tests: the Python stand-in server as a subprocess, and running a
// coroutine to completion on an io_context that may also be serving.
#include "net/http_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "support/stand_in_process.hpp"

namespace ytm::test {

// tests/fakes/http_fixture.py on 127.0.0.1, on the port it chose; killed when the object goes.
class HttpFixture {
 public:
  explicit HttpFixture(std::vector<std::string> args = {});
  HttpFixture(const HttpFixture&) = delete;
  HttpFixture& operator=(const HttpFixture&) = delete;

  [[nodiscard]] int port() const { return process_.port(); }
  [[nodiscard]] std::string url(const std::string& path, const std::string& scheme = "http",
                                const std::string& host = "127.0.0.1") const {
    return scheme + "://" + host + ":" + std::to_string(process_.port()) + path;
  }
  // GET /stats on a connection of its own (counted in "connections").
  [[nodiscard]] nlohmann::json stats(const std::string& scheme = "http", const std::string& ca_file = "") const;

 private:
  StandInProcess process_;
};

// use_future needs a default-constructible result, which Outcome is not.
template <class T>
boost::asio::awaitable<std::optional<T>> as_optional(boost::asio::awaitable<T> work) {
  co_return co_await std::move(work);
}

// Runs the coroutine on io until it finishes (io may hold servers that never run out of work).
template <class T>
T run_until_done(boost::asio::io_context& io, boost::asio::awaitable<T> work) {
  auto done = boost::asio::co_spawn(io, as_optional(std::move(work)), boost::asio::use_future);
  io.restart();
  while (done.wait_for(std::chrono::seconds(0)) != std::future_status::ready) io.run_one();
  return std::move(*done.get());
}

// One request on a throw-away io_context and client.
Outcome<net::HttpResponse> fetch(net::HttpRequest request, net::ClientOptions options = {});

// Resident set size of this process in bytes.
std::size_t resident_bytes();

// A loopback port nothing listens on.
int closed_port();

}  // namespace ytm::test
