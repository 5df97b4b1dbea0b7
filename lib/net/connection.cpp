// Opening client connections and running one exchange on them, every phase under a deadline
// (beast::tcp_stream closes the socket when it passes).
#include "net/detail/connection.hpp"
#include "net/detail/strings.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>

namespace ytm::net::detail {
namespace {

using tcp = asio::ip::tcp;
using boost::system::error_code;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

Failure cancelled(const std::string& url) { return Failure::transient(FailureCode::cancelled, url + ": request cancelled"); }

bool is_cancel(const error_code& ec) { return ec == asio::error::operation_aborted; }

std::string tls_reason(Connection& c, const error_code& ec) {
  long verify = SSL_get_verify_result(c.tls().native_handle());
  if (verify != X509_V_OK) return std::string("certificate not accepted: ") + X509_verify_cert_error_string(verify);
  return ec.message();
}

// Outside the coroutine: clang-tidy 16 takes a lambda's implicit copy constructor inside a coroutine
// for a coroutine parameter taken by reference.
void cancel_when_expired(asio::steady_timer& timer, std::shared_ptr<tcp::resolver> resolver) {
  timer.async_wait([resolver = std::move(resolver)](error_code ec) {
    if (!ec) resolver->cancel();
  });
}

asio::awaitable<Outcome<tcp::resolver::results_type>> resolve(asio::any_io_executor ex, std::string host,
                                                              std::string port, std::string url, ConnectLimits limits) {
  // The resolver has no deadline of its own: a timer cancels it (shared, as either may finish first).
  auto resolver = std::make_shared<tcp::resolver>(ex);
  asio::steady_timer timer(ex);
  timer.expires_at(limits.deadline);
  cancel_when_expired(timer, resolver);
  auto [ec, results] = co_await resolver->async_resolve(host, port, use_tuple);
  bool timed_out = Clock::now() >= limits.deadline;
  timer.cancel();
  if (ec && timed_out) {
    co_return Failure::transient(FailureCode::timeout,
                                 url + ": could not resolve " + host + " within " + ms(limits.connect_timeout));
  }
  if (is_cancel(ec)) co_return cancelled(url);
  if (ec) co_return Failure::transient(FailureCode::dns_failed, url + ": cannot resolve " + host + ": " + ec.message());
  co_return results;
}

// c points into open_connection's frame, which awaits this at once.
asio::awaitable<std::optional<Failure>> proxy_connect(Connection* c, Target t, Proxy proxy, ConnectLimits limits) {
  bool ipv6 = t.host.find(':') != std::string::npos;
  std::string authority = (ipv6 ? "[" + t.host + "]" : t.host) + ":" + t.port;
  http::request<http::empty_body> req{http::verb::connect, authority, 11};
  req.set(http::field::host, req.target());
  if (!proxy.authorization.empty()) req.set(http::field::proxy_authorization, proxy.authorization);
  c->plain().expires_at(limits.deadline);
  auto [wec, wn] = co_await http::async_write(c->plain(), req, use_tuple);
  http::response_parser<http::empty_body> parser;
  parser.skip(true);  // a 2xx answer to CONNECT has no body: the tunnel starts right after the header
  error_code ec = wec;
  if (!ec) std::tie(ec, wn) = co_await http::async_read_header(c->plain(), c->buffer, parser, use_tuple);
  std::string where = t.shown + ": proxy " + proxy.host + ":" + proxy.port;
  if (ec == beast::error::timeout) co_return Failure::transient(FailureCode::timeout, where + " did not answer CONNECT in time");
  if (is_cancel(ec)) co_return cancelled(t.shown);
  if (ec) co_return Failure::transient(FailureCode::proxy_failed, where + ": " + ec.message());
  c->buffer.consume(c->buffer.size());  // TLS reads the socket itself from here on
  unsigned status = parser.get().result_int();
  if (status < 200 || status > 299) {
    co_return Failure::transient(FailureCode::proxy_failed, where + " refused CONNECT with HTTP " + std::to_string(status));
  }
  co_return std::nullopt;
}

}  // namespace

void Connection::start_tls(asio::ssl::context& context, const std::string& host) {
  tls_.emplace(std::move(*plain_), context);
  plain_.reset();
  SSL* ssl = tls_->native_handle();
  error_code ec;
  asio::ip::make_address(host, ec);
  if (ec) {
    SSL_set_tlsext_host_name(ssl, host.c_str());  // SNI is for names only, never addresses
    SSL_set1_host(ssl, host.c_str());
  } else {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
  }
  tls_->set_verify_mode(asio::ssl::verify_peer);
}

asio::awaitable<Outcome<std::unique_ptr<Connection>>> open_connection(asio::any_io_executor ex, Target t,
                                                                      const Proxy* proxy,
                                                                      asio::ssl::context* tls_context,
                                                                      ConnectLimits limits) {
  std::string host = proxy ? proxy->host : t.host;
  std::string port = proxy ? proxy->port : t.port;
  auto endpoints = co_await resolve(ex, host, port, t.shown, limits);
  if (!endpoints) co_return endpoints.failure();

  auto c = std::make_unique<Connection>(ex);
  c->plain().expires_at(limits.deadline);
  auto [ec, endpoint] = co_await c->plain().async_connect(*endpoints, use_tuple);
  if (ec == beast::error::timeout) {
    co_return Failure::transient(
        FailureCode::timeout, t.shown + ": connecting to " + host + ":" + port + " took over " + ms(limits.connect_timeout));
  }
  if (is_cancel(ec)) co_return cancelled(t.shown);
  if (ec)
    co_return Failure::transient(FailureCode::connect_failed,
                                 t.shown + ": cannot connect to " + host + ":" + port + ": " + ec.message());
  c->plain().socket().set_option(tcp::no_delay(true));
  if (!t.tls) co_return c;

  if (proxy) {
    if (auto failure = co_await proxy_connect(c.get(), t, *proxy, limits)) co_return *failure;
  }
  c->start_tls(*tls_context, t.host);
  c->tcp().expires_at(limits.deadline);
  auto [hec] = co_await c->tls().async_handshake(asio::ssl::stream_base::client, use_tuple);
  if (hec == beast::error::timeout) {
    co_return Failure::transient(
        FailureCode::timeout, t.shown + ": TLS handshake with " + t.host + " took over " + ms(limits.connect_timeout));
  }
  if (is_cancel(hec)) co_return cancelled(t.shown);
  if (hec)
    co_return Failure::transient(FailureCode::tls_failed, t.shown + ": TLS with " + t.host + " failed: " + tls_reason(*c, hec));
  co_return c;
}

}  // namespace ytm::net::detail
