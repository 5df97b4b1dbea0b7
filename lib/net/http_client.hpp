#pragma once
// HTTP/1.1 client for feeds, channel pages and model APIs: HTTPS with the system CA store,
// timeouts on every phase, a body-size cap, redirects and keep-alive reuse per host.
//
//   ytm::net::HttpClient http(io.get_executor(), {});
//   auto r = co_await http.request({.url = "https://www.youtube.com/feeds/videos.xml?channel_id=UC..."});
//   if (!r) log(r.failure().message);            // could not get a response at all
//   else if (r->status == 429) backoff(retry_after(*r));
//
// HTTP error statuses (404, 429, 500...) are responses, not failures: the caller decides.
// Failure codes (ytm::Failure::code), all naming the URL but never a request header:
//   bad_url (permanent)          not an absolute http(s) URL, or a redirect to one that is not
//   dns_failed (transient)       the host name did not resolve
//   connect_failed (transient)   TCP connect refused or unreachable
//   proxy_failed (transient)     the proxy refused or botched the CONNECT
//   tls_failed (transient)       handshake failed: untrusted certificate, wrong host name...
//   timeout (transient)          a phase or the whole request ran past its time
//   body_too_large (permanent)   the body is longer than max_body_bytes; it is not read
//   too_many_redirects (permanent)
//   bad_response (transient)     malformed or truncated response (connection closed early)
//   cancelled (transient)        the awaiting coroutine was cancelled; the socket is closed
//
// Use a client from its executor's thread only. It must outlive the requests it runs.
#include "core/failure.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ytm::net {

struct Header {
  std::string name;
  std::string value;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;                           // absolute http:// or https:// URL
  std::vector<Header> headers;               // replace the defaults (User-Agent, Accept) when named the same
  std::string body;                          // sent with Content-Length when not empty (or the method is POST/PUT)
  std::chrono::milliseconds timeout{30000};  // the whole request, redirects included
  // From the request written until its response header is in, for this request only; unset: the
  // client's header_timeout. Feeds use a short one (a stalled feed must free its fetch slot soon);
  // a model server may legitimately think for minutes before it sends a header.
  std::optional<std::chrono::milliseconds> first_byte_timeout;
  std::size_t max_body_bytes = 8u << 20;
  int max_redirects = 5;  // 0: a redirect is returned as the response
};

struct HttpResponse {
  int status = 0;
  std::vector<Header> headers;
  std::string body;
  std::string final_url;  // the URL that answered, after redirects

  // The first header of that name, compared without regard to case.
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
};

struct ClientOptions {
  std::string user_agent = "ytmonitor/" YTM_VERSION;
  std::string proxy;    // "http://host:port" (user:password@ allowed); HTTPS goes through CONNECT
  std::string ca_file;  // extra trusted CA certificates (PEM); the system store is always used
  std::chrono::milliseconds connect_timeout{10000};  // DNS, TCP connect, proxy CONNECT, TLS handshake
  std::chrono::milliseconds header_timeout{15000};   // request written until the response header is in
  std::size_t max_idle_per_host = 4;                 // kept-alive connections per scheme+host+port
  std::chrono::milliseconds idle_timeout{60000};     // an idle connection older than this is closed
};

class HttpClient {
 public:
  // Throws std::invalid_argument for a malformed proxy and std::runtime_error for an unreadable ca_file.
  HttpClient(boost::asio::any_io_executor executor, ClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  boost::asio::awaitable<Outcome<HttpResponse>> request(HttpRequest request);
  // Requests that start from now on use these options, on connections of their own; those running
  // finish with the old ones. Throws as the constructor does, and then keeps the old options.
  void set_options(ClientOptions options);

  // Connections currently kept alive for reuse (all hosts).
  [[nodiscard]] std::size_t idle_connections() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

// Retry-After as delta-seconds or an HTTP-date (relative to the response's Date header when
// present, else to the local clock); nullopt when absent or unreadable.
std::optional<std::chrono::seconds> retry_after(const HttpResponse& response);

// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), RFC 850 and asctime forms, as Unix seconds.
std::optional<std::int64_t> parse_http_date(std::string_view text);

}  // namespace ytm::net
