// HttpServer on loopback, spoken to by HttpClient and by raw sockets where the client is too polite.
#include "net/http_server.hpp"
#include "net/fixture.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>

#include <stdexcept>

using namespace std::chrono_literals;
using ytm::net::HttpClient;
using ytm::net::HttpRequest;
using ytm::net::HttpServer;
using ytm::net::ServerRequest;
using ytm::net::ServerResponse;
using ytm::test::run_until_done;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

asio::awaitable<ServerResponse> handle(const ServerRequest& request) {
  if (request.path == "/boom") throw std::runtime_error("the handler broke");
  ServerResponse r;
  r.content_type = "text/plain; charset=utf-8";
  r.body = request.method + " " + request.path + " [" + request.query + "]";
  r.headers.push_back({"Cache-Control", "no-store"});
  co_return r;
}

struct Served {
  asio::io_context io;
  HttpServer server;
  HttpClient client;

  explicit Served(ytm::net::ServerOptions options = {}, std::string listen = "127.0.0.1:0")
      : server(io.get_executor(), std::move(listen), handle, options), client(io.get_executor(), {}) {
    server.start();
  }

  ytm::Outcome<ytm::net::HttpResponse> request(std::string method, const std::string& path,
                                               std::vector<ytm::net::Header> headers = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.url = "http://127.0.0.1:" + std::to_string(server.local_port()) + path;
    r.headers = std::move(headers);
    r.timeout = 5s;
    return run_until_done(io, client.request(std::move(r)));
  }
};

// Writes raw bytes on a fresh connection and reads until the server closes it.
asio::awaitable<std::string> raw_exchange(std::uint16_t port, std::string bytes) {
  tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect({asio::ip::make_address("127.0.0.1"), port}, asio::use_awaitable);
  co_await asio::async_write(socket, asio::buffer(bytes), asio::use_awaitable);
  std::string reply;
  co_await asio::async_read(socket, asio::dynamic_buffer(reply), asio::as_tuple(asio::use_awaitable));  // until EOF
  co_return reply;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the server answers GET with the handler's response") {
  Served s;
  REQUIRE(s.server.local_port() != 0);
  auto r = s.request("GET", "/api/status%20x?verbose=1");
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(r->body == "GET /api/status x [verbose=1]");
  CHECK(r->header("Content-Type") == "text/plain; charset=utf-8");
  CHECK(r->header("Cache-Control") == "no-store");
  CHECK(r->header("Server") == "ytmonitor/" YTM_VERSION);
}

TEST_CASE("HEAD gets the headers of GET and no body") {
  Served s;
  auto get = s.request("GET", "/healthz");
  auto head = s.request("HEAD", "/healthz");
  REQUIRE(head.ok());
  CHECK(head->status == 200);
  CHECK(head->body.empty());
  CHECK(head->header("Content-Length") == std::to_string(get->body.size() + 1));  // the body names the method
}

TEST_CASE("methods other than GET and HEAD get 405, bodies 413") {
  Served s;
  auto post = s.request("POST", "/api/status");
  REQUIRE(post.ok());
  CHECK(post->status == 405);
  CHECK(post->header("Allow") == "GET, HEAD");
  auto reply = run_until_done(
      s.io, raw_exchange(s.server.local_port(), "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"));
  CHECK(reply.rfind("HTTP/1.1 413", 0) == 0);
}

TEST_CASE("a request header over the limit is refused and the server keeps serving") {
  Served s;
  auto big = s.request("GET", "/", {{"X-Filler", std::string(20 * 1024, 'a')}});
  REQUIRE(big.ok());
  CHECK(big->status == 431);
  auto after = s.request("GET", "/ok");
  REQUIRE(after.ok());
  CHECK(after->status == 200);
}

TEST_CASE("a throwing handler gives 500 and the server keeps serving") {
  Served s;
  auto boom = s.request("GET", "/boom");
  REQUIRE(boom.ok());
  CHECK(boom->status == 500);
  CHECK(boom->body.find("the handler broke") == std::string::npos);  // details go to the log only
  auto after = s.request("GET", "/ok");
  REQUIRE(after.ok());
  CHECK(after->status == 200);
}

TEST_CASE("keep-alive ends after the per-connection request limit") {
  ytm::net::ServerOptions options;
  options.max_requests_per_connection = 2;
  Served s(options);
  std::string three =
      "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\nGET /c HTTP/1.1\r\nHost: x\r\n\r\n";
  auto reply = run_until_done(s.io, raw_exchange(s.server.local_port(), three));
  CHECK(count(reply, "HTTP/1.1 200") == 2);
  CHECK(reply.find("Connection: close") != std::string::npos);
  CHECK(reply.find("GET /c") == std::string::npos);
}

TEST_CASE("a connection that never finishes its request is closed after the read timeout") {
  ytm::net::ServerOptions options;
  options.read_timeout = 200ms;
  Served s(options);
  auto started = std::chrono::steady_clock::now();
  auto reply = run_until_done(s.io, raw_exchange(s.server.local_port(), "GET / HTTP/1.1\r\nHost: x\r\n"));
  CHECK(reply.empty());
  CHECK(std::chrono::steady_clock::now() - started < 3s);
}

TEST_CASE("connections beyond the limit get 503") {
  ytm::net::ServerOptions options;
  options.max_connections = 1;
  Served s(options);
  auto first = s.request("GET", "/ok");  // leaves one kept-alive connection open
  REQUIRE(first.ok());
  auto reply = run_until_done(s.io, raw_exchange(s.server.local_port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  CHECK(reply.rfind("HTTP/1.1 503", 0) == 0);
  CHECK(reply.find("Retry-After: 1") != std::string::npos);
}

TEST_CASE("the server listens on IPv6 loopback and stops when asked") {
  asio::io_context io;
  HttpServer server(io.get_executor(), "[::1]:0", handle);
  server.start();
  auto port = server.local_port();
  HttpClient client(io.get_executor(), {});
  HttpRequest r;
  r.url = "http://[::1]:" + std::to_string(port) + "/v6";
  auto ok = run_until_done(io, client.request(r));
  REQUIRE(ok.ok());
  CHECK(ok->body == "GET /v6 []");
  server.stop();
  HttpClient fresh(io.get_executor(), {});
  auto refused = run_until_done(io, fresh.request(r));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.failure().code == ytm::FailureCode::connect_failed);
}

TEST_CASE("a bad or taken listen address is a start-up error naming it") {
  asio::io_context io;
  CHECK_THROWS_WITH(HttpServer(io.get_executor(), "8787", handle), Catch::Contains("'8787'"));
  HttpServer first(io.get_executor(), "127.0.0.1:0", handle);
  first.start();
  auto taken = "127.0.0.1:" + std::to_string(first.local_port());
  HttpServer second(io.get_executor(), taken, handle);
  CHECK_THROWS_WITH(second.start(), Catch::Contains(taken));
}
