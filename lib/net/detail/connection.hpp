#pragma once
// Internal to lib/net: one client connection (plain or TLS, direct or through a CONNECT proxy)
// and one request/response exchange on it. Includes Beast: only lib/net .cpp files include this.
#include "core/failure.hpp"
#include "net/http_client.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace ytm::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

// Where an absolute http(s) URL points.
struct Target {
  bool tls = false;
  std::string host;         // for DNS, SNI and certificate checks: lower case, no brackets
  std::string port;         // always set: "443", "80" or the URL's
  std::string host_header;  // "example.com", "example.com:8080", "[::1]:8080"
  std::string target;       // origin-form: "/path?query"
  std::string shown;        // for messages and final_url: no user info, no fragment

  [[nodiscard]] std::string pool_key() const { return (tls ? "https://" : "http://") + host + ":" + port; }
};

Outcome<Target> parse_target(std::string_view url);

struct Proxy {
  std::string host;
  std::string port;
  std::string authorization;  // "Basic ..." or empty
};

// Throws std::invalid_argument when the proxy URL is not http://[user:password@]host:port.
std::optional<Proxy> parse_proxy(std::string_view url);

class Connection {
 public:
  explicit Connection(asio::any_io_executor executor) : plain_(std::in_place, std::move(executor)) {}

  beast::tcp_stream& tcp() { return tls_ ? tls_->next_layer() : *plain_; }
  [[nodiscard]] bool is_tls() const { return tls_.has_value(); }
  beast::ssl_stream<beast::tcp_stream>& tls() { return *tls_; }
  beast::tcp_stream& plain() { return *plain_; }
  // Wraps the connected TCP stream in TLS that checks the certificate against host (name or IP).
  void start_tls(asio::ssl::context& context, const std::string& host);

  beast::flat_buffer buffer;
  Clock::time_point idle_since{};

 private:
  std::optional<beast::tcp_stream> plain_;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls_;
};

struct ConnectLimits {
  Clock::time_point deadline;  // min(connect_timeout, the whole request's)
  std::chrono::milliseconds connect_timeout;
};

// Resolves, connects (to the proxy when given, with CONNECT for TLS targets) and shakes hands.
// tls_context may be null for a plain http target.
asio::awaitable<Outcome<std::unique_ptr<Connection>>> open_connection(asio::any_io_executor executor, Target target,
                                                                      const Proxy* proxy,
                                                                      asio::ssl::context* tls_context,
                                                                      ConnectLimits limits);

struct ExchangeLimits {
  Clock::time_point deadline;  // the whole request's
  std::chrono::milliseconds whole;
  std::chrono::milliseconds header_timeout;
  std::size_t max_body_bytes;
};

struct Exchange {
  std::optional<Failure> failure;
  bool nothing_received = false;  // the failure came before any response byte: safe to retry elsewhere
  bool keep_alive = false;
  HttpResponse response;
};

// connection and request must outlive the exchange (the caller awaits it at once).
asio::awaitable<Exchange> exchange(Connection* connection, const http::request<http::string_body>* request,
                                   std::string shown_url, ExchangeLimits limits);

}  // namespace ytm::net::detail
