// The status server: one coroutine per connection, reading only request headers (bodies are
// refused), with limits on size, time, connections and requests per connection.
#include "net/http_server.hpp"
#include "core/spawn.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>

#include <charconv>
#include <exception>
#include <set>
#include <stdexcept>

namespace ytm::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct ListenAddress {
  std::string host;  // empty: every address
  std::uint16_t port = 0;
};

ListenAddress parse_listen(const std::string& listen) {
  auto bad = [&] { return std::invalid_argument("listen address '" + listen + "' is not HOST:PORT"); };
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw bad();
  ListenAddress a;
  a.host = listen.substr(0, colon);
  if (a.host.size() >= 2 && a.host.front() == '[' && a.host.back() == ']') a.host = a.host.substr(1, a.host.size() - 2);
  std::string_view port = std::string_view(listen).substr(colon + 1);
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), a.port);
  if (port.empty() || ec != std::errc{} || end != port.data() + port.size()) throw bad();
  return a;
}

tcp::endpoint resolve_listen(const asio::any_io_executor& ex, const ListenAddress& a, const std::string& listen) {
  if (a.host.empty()) return {tcp::v6(), a.port};
  error_code ec;
  auto address = asio::ip::make_address(a.host, ec);
  if (!ec) return {address, a.port};
  // A host name: resolved once at start-up, when blocking is allowed.
  tcp::resolver resolver(ex);
  auto results = resolver.resolve(a.host, std::to_string(a.port), ec);
  if (ec || results.empty()) throw std::runtime_error("cannot resolve listen address " + listen + ": " + ec.message());
  return results.begin()->endpoint();
}

bool is_quiet_end(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof || ec == beast::error::timeout ||
         ec == asio::error::operation_aborted || ec == asio::error::connection_reset;
}

ServerResponse plain(int status, std::string body) {
  return ServerResponse{status, "text/plain; charset=utf-8", std::move(body) + "\n", {}};
}

}  // namespace

class HttpServer::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::any_io_executor ex, std::string listen, Handler handler, ServerOptions options)
      : executor_(std::move(ex)),
        listen_(std::move(listen)),
        address_(parse_listen(listen_)),
        handler_(std::move(handler)),
        options_(options),
        acceptor_(executor_) {}

  void start();
  void stop();
  [[nodiscard]] std::uint16_t port() const { return acceptor_.is_open() ? acceptor_.local_endpoint().port() : 0; }

 private:
  asio::awaitable<void> accept_loop(std::shared_ptr<Impl> self);
  asio::awaitable<void> session(std::shared_ptr<Impl> self, tcp::socket socket, bool busy);
  // The parser and stream live in session's frame, which awaits each of these at once.
  asio::awaitable<ServerResponse> respond(const http::request_parser<http::empty_body>* parser, bool busy);
  asio::awaitable<ServerResponse> call_handler(ServerRequest request);
  asio::awaitable<bool> write(beast::tcp_stream* stream, ServerResponse r, bool head, bool close);
  static asio::awaitable<void> linger_close(beast::tcp_stream* stream);

  asio::any_io_executor executor_;
  std::string listen_;
  ListenAddress address_;
  Handler handler_;
  ServerOptions options_;
  tcp::acceptor acceptor_;
  std::set<beast::tcp_stream*> sessions_;  // serving
  std::set<beast::tcp_stream*> refusing_;  // being told 503
  std::size_t starting_ = 0;               // accepted, coroutine not yet running
};

void HttpServer::Impl::start() {
  auto endpoint = resolve_listen(executor_, address_, listen_);
  error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec && endpoint.address().is_v6() && address_.host.empty()) acceptor_.set_option(asio::ip::v6_only(false), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    acceptor_.close();
    throw std::runtime_error("status server cannot listen on " + listen_ + ": " + ec.message());
  }
  spawn_logged(executor_, accept_loop(shared_from_this()), "status server: accepting connections");
}

void HttpServer::Impl::stop() {
  error_code ec;
  acceptor_.close(ec);
  for (auto* set : {&sessions_, &refusing_}) {
    for (auto* stream : *set) stream->close();
  }
}

asio::awaitable<void> HttpServer::Impl::accept_loop(std::shared_ptr<Impl> self) {
  asio::steady_timer pause(executor_);
  while (acceptor_.is_open()) {
    auto [ec, socket] = co_await acceptor_.async_accept(use_tuple);
    if (!acceptor_.is_open()) co_return;
    if (ec) {
      // Out of file descriptors and the like: wait a little instead of spinning.
      spdlog::warn("status server: accept failed: {}", ec.message());
      pause.expires_after(std::chrono::milliseconds(200));
      co_await pause.async_wait(use_tuple);
      continue;
    }
    bool busy = sessions_.size() + starting_ >= options_.max_connections;
    // Refusals politely (with a 503) are capped too; past that the socket just closes.
    if (busy && sessions_.size() + refusing_.size() + starting_ >= 2 * options_.max_connections) continue;
    ++starting_;
    spawn_logged(executor_, session(self, std::move(socket), busy), "status server: connection");
  }
}

// The unnamed shared_ptr keeps the server state alive for as long as the connection runs.
asio::awaitable<void> HttpServer::Impl::session(std::shared_ptr<Impl>, tcp::socket socket, bool busy) {
  beast::tcp_stream stream(std::move(socket));
  auto& registry = busy ? refusing_ : sessions_;
  registry.insert(&stream);
  --starting_;
  struct Unregister {
    std::set<beast::tcp_stream*>& set;
    beast::tcp_stream* stream;
    ~Unregister() { set.erase(stream); }
  } unregister{registry, &stream};

  beast::flat_buffer buffer;
  for (unsigned served = 1;; ++served) {
    http::request_parser<http::empty_body> parser;
    parser.header_limit(options_.header_limit);
    stream.expires_after(busy ? std::min(options_.read_timeout, std::chrono::milliseconds(1000))
                              : options_.read_timeout);
    auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
    if (ec == http::error::header_limit) {
      co_await write(&stream, plain(431, "request header too large"), false, true);
      co_return co_await linger_close(&stream);
    }
    if (ec && (is_quiet_end(ec) || !parser.got_some())) co_return;
    if (ec) {
      co_await write(&stream, plain(400, "malformed request"), false, true);
      co_return co_await linger_close(&stream);
    }
    const auto& req = parser.get();
    bool has_body = parser.chunked() || parser.content_length().value_or(0) > 0;
    bool close = busy || has_body || !req.keep_alive() || served >= options_.max_requests_per_connection;
    auto response = co_await respond(&parser, busy);
    if (!co_await write(&stream, std::move(response), req.method() == http::verb::head, close)) co_return;
    if (close) co_return co_await linger_close(&stream);
  }
}

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string form_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::string ServerRequest::param(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    auto pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    auto eq = pair.find('=');
    if (form_decode(pair.substr(0, eq)) == name) {
      return eq == std::string_view::npos ? std::string() : form_decode(pair.substr(eq + 1));
    }
  }
  return {};
}

asio::awaitable<ServerResponse> HttpServer::Impl::respond(const http::request_parser<http::empty_body>* parser,
                                                          bool busy) {
  const auto& req = parser->get();
  if (busy) {
    auto r = plain(503, "too many connections; try again shortly");
    r.headers.push_back({"Retry-After", "1"});
    co_return r;
  }
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    auto r = plain(405, "only GET and HEAD are supported");
    r.headers.push_back({"Allow", "GET, HEAD"});
    co_return r;
  }
  if (parser->chunked() || parser->content_length().value_or(0) > 0)
    co_return plain(413, "requests carry no body here");
  auto target = boost::urls::parse_origin_form(req.target());
  if (!target) co_return plain(400, "malformed request target");
  ServerRequest request{std::string(req.method_string()), std::string(req.target()), target->path(),
                        std::string(target->encoded_query())};
  co_return co_await call_handler(request);
}

asio::awaitable<ServerResponse> HttpServer::Impl::call_handler(ServerRequest request) {
  std::string error;
  try {
    auto response = co_await handler_(request);
    if (response.status >= 100 && response.status <= 599) co_return response;
    error = "invalid status " + std::to_string(response.status);
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unknown exception";
  }
  spdlog::error("status server: {} {} failed: {}", request.method, request.target, error);
  co_return plain(500, "internal error; see the daemon's log");
}

asio::awaitable<bool> HttpServer::Impl::write(beast::tcp_stream* stream, ServerResponse r, bool head, bool close) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), 11};
  res.set(http::field::server, "ytmonitor/" YTM_VERSION);
  res.set(http::field::content_type, r.content_type);
  for (const auto& h : r.headers) res.set(h.name, h.value);
  res.keep_alive(!close);
  res.body() = std::move(r.body);
  res.prepare_payload();
  if (head) res.body().clear();  // Content-Length still says what a GET would get
  stream->expires_after(options_.write_timeout);
  auto [ec, n] = co_await http::async_write(*stream, res, use_tuple);
  co_return !ec;
}

// Closing with unread input makes the kernel send RST, which can destroy the response the
// client has not read yet: finish sending, then drain briefly before closing.
asio::awaitable<void> HttpServer::Impl::linger_close(beast::tcp_stream* stream) {
  error_code ec;
  stream->socket().shutdown(tcp::socket::shutdown_send, ec);
  std::array<char, 4096> sink{};
  std::size_t drained = 0;
  stream->expires_after(std::chrono::milliseconds(500));
  while (!ec && drained < std::size_t{256} << 10) {
    std::size_t n = 0;
    std::tie(ec, n) = co_await stream->async_read_some(asio::buffer(sink), use_tuple);
    drained += n;
  }
  stream->close();
}

HttpServer::HttpServer(asio::any_io_executor executor, std::string listen, Handler handler, ServerOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(listen), std::move(handler), options)) {}

HttpServer::~HttpServer() { impl_->stop(); }

void HttpServer::start() { impl_->start(); }
void HttpServer::stop() { impl_->stop(); }
std::uint16_t HttpServer::local_port() const { return impl_->port(); }

}  // namespace ytm::net
