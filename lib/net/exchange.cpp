// One request and its response on an open connection. The parser's header and body limits
// stop reading as soon as a response declares or sends more than allowed.
#include "net/detail/connection.hpp"
#include "net/detail/strings.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>

namespace ytm::net::detail {
namespace {

using boost::system::error_code;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::uint32_t kMaxResponseHeader = 64 * 1024;
// Beast reads no more than the buffer's free room, 512 bytes while it is new: a 17 KB feed took
// 35 reads (each a syscall and a timer update). The buffer lives and dies with its connection.
constexpr std::size_t kReadRoom = std::size_t{16} << 10;

enum class Phase { write, header, body };

bool is_disconnect(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == http::error::partial_message || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::ssl::error::stream_truncated;
}

Failure timeout_failure(Phase phase, const std::string& url, const ExchangeLimits& limits, bool header_limit_binds) {
  switch (phase) {
    case Phase::write:
      return Failure::transient(FailureCode::timeout, url + ": could not send the request within " + ms(limits.whole));
    case Phase::header:
      return Failure::transient(FailureCode::timeout, url + ": no response header within " +
                                               ms(header_limit_binds ? limits.header_timeout : limits.whole));
    case Phase::body: break;
  }
  return Failure::transient(FailureCode::timeout, url + ": the response body did not arrive within " + ms(limits.whole));
}

Failure classify(const error_code& ec, Phase phase, const std::string& url, const ExchangeLimits& limits,
                 bool header_limit_binds) {
  if (ec == beast::error::timeout) return timeout_failure(phase, url, limits, header_limit_binds);
  if (ec == asio::error::operation_aborted) return Failure::transient(FailureCode::cancelled, url + ": request cancelled");
  if (ec == http::error::body_limit) {
    return Failure::permanent(FailureCode::body_too_large, url + ": the response body is larger than " +
                                                    std::to_string(limits.max_body_bytes) + " bytes; not read");
  }
  if (ec == http::error::header_limit) {
    return Failure::transient(FailureCode::bad_response, url + ": the response header is larger than " +
                                                  std::to_string(kMaxResponseHeader / 1024) + " KB");
  }
  if (phase == Phase::write) {
    return Failure::transient(FailureCode::connect_failed, url + ": connection lost while sending the request: " + ec.message());
  }
  if (is_disconnect(ec)) {
    return Failure::transient(FailureCode::bad_response, phase == Phase::header
                                                  ? url + ": the server closed the connection without answering"
                                                  : url + ": the connection closed before the whole body arrived");
  }
  return Failure::transient(FailureCode::bad_response, url + ": malformed response: " + ec.message());
}

HttpResponse to_response(http::response<http::string_body>&& message) {
  HttpResponse r;
  r.status = static_cast<int>(message.result_int());
  for (const auto& field : message) r.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  r.body = std::move(message.body());
  return r;
}

template <class Stream>
// The stream, connection and request belong to exchange's caller, which awaits it at once.
asio::awaitable<Exchange> run(Stream* stream, Connection* c, const http::request<http::string_body>* request,
                              std::string url, ExchangeLimits limits) {
  Exchange ex;
  c->tcp().expires_at(limits.deadline);
  auto [ec, n] = co_await http::async_write(*stream, *request, use_tuple);
  if (ec) {
    ex.failure = classify(ec, Phase::write, url, limits, false);
    ex.nothing_received = true;
    co_return ex;
  }
  http::response_parser<http::string_body> parser;
  parser.header_limit(kMaxResponseHeader);
  parser.body_limit(limits.max_body_bytes);
  if (request->method() == http::verb::head) parser.skip(true);
  auto header_deadline = Clock::now() + limits.header_timeout;
  bool header_limit_binds = header_deadline < limits.deadline;
  c->tcp().expires_at(std::min(header_deadline, limits.deadline));
  c->buffer.reserve(kReadRoom);
  std::tie(ec, n) = co_await http::async_read_header(*stream, c->buffer, parser, use_tuple);
  Phase phase = Phase::header;
  if (!ec && !parser.is_done()) {
    phase = Phase::body;
    c->tcp().expires_at(limits.deadline);
    std::tie(ec, n) = co_await http::async_read(*stream, c->buffer, parser, use_tuple);
    // Servers that end a body by closing often skip TLS close_notify; the parser decides if it is whole.
    if (ec == asio::ssl::error::stream_truncated && parser.need_eof()) {
      error_code eof_ec;
      parser.put_eof(eof_ec);
      if (!eof_ec && parser.is_done()) ec = {};
    }
  }
  if (ec) {
    ex.failure = classify(ec, phase, url, limits, header_limit_binds);
    ex.nothing_received = !parser.got_some();
    co_return ex;
  }
  ex.keep_alive = parser.keep_alive();
  ex.response = to_response(parser.release());
  co_return ex;
}

}  // namespace

asio::awaitable<Exchange> exchange(Connection* connection, const http::request<http::string_body>* request,
                                   std::string shown_url, ExchangeLimits limits) {
  if (connection->is_tls()) co_return co_await run(&connection->tls(), connection, request, shown_url, limits);
  co_return co_await run(&connection->plain(), connection, request, shown_url, limits);
}

}  // namespace ytm::net::detail
