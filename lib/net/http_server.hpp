#pragma once
// A small read-only HTTP/1.1 server for the status page, metrics and health checks.
//
//   ytm::net::HttpServer server(io.get_executor(), "127.0.0.1:8787", handler);
//   server.start();  // throws std::runtime_error when the address is unusable or taken
//
// GET and HEAD only (405 otherwise; HEAD gets the GET headers without the body); no request
// bodies (413); request headers over header_limit get 431; connections beyond max_connections
// get 503; a connection that sends no complete request within read_timeout is closed; keep-alive
// up to max_requests_per_connection. A handler that throws produces a 500 and an error in the
// log; the server keeps serving. Use from its executor's thread only.
#include "net/http_client.hpp"  // Header

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ytm::net {

struct ServerRequest {
  std::string method;  // "GET" or "HEAD"
  std::string target;  // as sent: "/api/status?x=1"
  std::string path;    // percent-decoded: "/api/status"
  std::string query;   // still encoded, without '?': "x=1"

  // The decoded value of a query parameter as a form sends it ('+' is a space); "" when absent.
  [[nodiscard]] std::string param(std::string_view name) const;
};

struct ServerResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<Header> headers;  // extra ones, e.g. Cache-Control
};

// Pass a named coroutine function (bound to its state with std::bind_front if need be), not a
// capturing coroutine lambda: GCC 12 miscompiles those (bug 107288).
using Handler = std::function<boost::asio::awaitable<ServerResponse>(const ServerRequest&)>;

struct ServerOptions {
  std::size_t max_connections = 64;
  std::chrono::milliseconds read_timeout{10000};  // per request, idle keep-alive time included
  std::chrono::milliseconds write_timeout{10000};
  std::uint32_t header_limit = 8 * 1024;
  unsigned max_requests_per_connection = 100;
};

class HttpServer {
 public:
  // listen: "127.0.0.1:8787", "[::1]:0", "localhost:8787", ":8787" (all addresses); port 0 picks one.
  // Throws std::invalid_argument when listen is malformed.
  HttpServer(boost::asio::any_io_executor executor, std::string listen, Handler handler, ServerOptions options = {});
  ~HttpServer();  // stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void start();  // binds and starts accepting; throws std::runtime_error naming the address on failure
  void stop();   // closes the listener and every open connection
  [[nodiscard]] std::uint16_t local_port() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ytm::net
