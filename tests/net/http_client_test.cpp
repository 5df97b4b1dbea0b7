// HttpClient against tests/fakes/http_fixture.py over real loopback TCP.
#include "net/http_client.hpp"
#include "net/fixture.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <catch2/catch.hpp>

#include <thread>

using namespace std::chrono_literals;
using ytm::net::HttpClient;
using ytm::net::HttpRequest;
using ytm::test::fetch;
using ytm::test::HttpFixture;
namespace asio = boost::asio;

namespace {

HttpRequest get(std::string url, std::chrono::milliseconds timeout = 5s) {
  HttpRequest r;
  r.url = std::move(url);
  r.timeout = timeout;
  return r;
}

// Polls the fixture until its /huge stream has ended (the client went away) or 5 s pass.
nlohmann::json stats_after_huge(const HttpFixture& fx) {
  auto stats = fx.stats();
  for (int i = 0; i < 100 && stats["huge_done"] == 0; ++i) {
    std::this_thread::sleep_for(50ms);
    stats = fx.stats();
  }
  return stats;
}

}  // namespace

TEST_CASE("a 200 comes back with its body, headers and our User-Agent") {
  HttpFixture fx;
  auto r = fetch(get(fx.url("/ok")));
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(r->body == "hello");
  CHECK(r->header("content-type") == "text/plain");
  CHECK(r->final_url == fx.url("/ok"));

  auto echo = fetch(get(fx.url("/echo?q=1")));
  REQUIRE(echo.ok());
  CHECK(echo->body.find("GET /echo?q=1 HTTP/1.1") != std::string::npos);
  CHECK(echo->body.find("User-Agent: ytmonitor/" YTM_VERSION "\n") != std::string::npos);
  CHECK(echo->body.find("Host: 127.0.0.1:" + std::to_string(fx.port())) != std::string::npos);
}

TEST_CASE("relative and absolute redirects are followed up to the limit") {
  HttpFixture fx;
  auto relative = fetch(get(fx.url("/redirect/relative/3")));
  REQUIRE(relative.ok());
  CHECK(relative->status == 200);
  CHECK(relative->body == "hello");
  CHECK(relative->final_url == fx.url("/ok"));

  // /redirect/absolute/N answers with N+1 redirects in all: 4 is the most that fits in 5.
  auto five = fetch(get(fx.url("/redirect/absolute/4")));
  REQUIRE(five.ok());
  CHECK(five->body == "hello");

  auto six = fetch(get(fx.url("/redirect/absolute/5")));
  REQUIRE_FALSE(six.ok());
  CHECK(six.failure().code == ytm::FailureCode::too_many_redirects);
  CHECK(six.failure().kind == ytm::FailureKind::permanent);

  auto loop = fetch(get(fx.url("/redirect/loop")));
  REQUIRE_FALSE(loop.ok());
  CHECK(loop.failure().code == ytm::FailureCode::too_many_redirects);
  CHECK(loop.failure().message.find(fx.url("/redirect/loop")) != std::string::npos);
}

TEST_CASE("with max_redirects 0 a redirect is the response") {
  HttpFixture fx;
  auto request = get(fx.url("/redirect/loop"));
  request.max_redirects = 0;
  auto r = fetch(request);
  REQUIRE(r.ok());
  CHECK(r->status == 302);
  CHECK(r->header("Location") == "/redirect/loop");
}

TEST_CASE("credentials are not sent on to another origin after a redirect") {
  HttpFixture fx;
  auto request = get(fx.url("/redirect/other-host"));
  request.headers = {{"Authorization", "Bearer sekrit"}, {"X-Trace", "kept"}};
  auto r = fetch(request);
  REQUIRE(r.ok());
  CHECK(r->final_url == fx.url("/echo", "http", "localhost"));
  CHECK(r->body.find("sekrit") == std::string::npos);
  CHECK(r->body.find("X-Trace: kept") != std::string::npos);
}

TEST_CASE("error statuses are responses and Retry-After is read") {
  HttpFixture fx;
  auto missing = fetch(get(fx.url("/status/404")));
  REQUIRE(missing.ok());
  CHECK(missing->status == 404);
  CHECK_FALSE(ytm::net::retry_after(*missing).has_value());

  auto limited = fetch(get(fx.url("/status/429")));
  REQUIRE(limited.ok());
  CHECK(limited->status == 429);
  CHECK(ytm::net::retry_after(*limited) == 7s);
}

TEST_CASE("Retry-After as an HTTP date counts from the response's Date") {
  ytm::net::HttpResponse r;
  r.headers = {{"Date", "Sun, 06 Nov 1994 08:49:37 GMT"}, {"Retry-After", "Sun, 06 Nov 1994 08:51:37 GMT"}};
  CHECK(ytm::net::retry_after(r) == 120s);
  CHECK(ytm::net::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777);
  CHECK(ytm::net::parse_http_date("Sun Nov  6 08:49:37 1994") == 784111777);
  CHECK_FALSE(ytm::net::parse_http_date("soon").has_value());
  r.headers = {{"Retry-After", "later"}};
  CHECK_FALSE(ytm::net::retry_after(r).has_value());
}

TEST_CASE("a stalled response fails with a timeout within the configured time") {
  HttpFixture fx;
  auto started = std::chrono::steady_clock::now();
  auto stalled_body = fetch(get(fx.url("/stall"), 300ms));
  auto silent_options = ytm::net::ClientOptions{};
  silent_options.header_timeout = 300ms;
  auto silent = fetch(get(fx.url("/silent"), 5s), silent_options);
  auto elapsed = std::chrono::steady_clock::now() - started;

  REQUIRE_FALSE(stalled_body.ok());
  CHECK(stalled_body.failure().code == ytm::FailureCode::timeout);
  CHECK(stalled_body.failure().message.find(fx.url("/stall")) != std::string::npos);
  REQUIRE_FALSE(silent.ok());
  CHECK(silent.failure().code == ytm::FailureCode::timeout);
  CHECK(silent.failure().message.find("no response header within 300 ms") != std::string::npos);
  CHECK(elapsed < 3s);  // the fixture stalls for 10 s
}

TEST_CASE("a request's own first-byte timeout applies to it alone, not to the client's other requests") {
  HttpFixture fx;
  asio::io_context io;
  HttpClient http(io.get_executor(), {});  // the default 15 s header timeout
  auto hasty = get(fx.url("/silent"), 5s);
  hasty.first_byte_timeout = 300ms;
  auto patient = get(fx.url("/slow/1500"), 5s);  // past the first request's limit, within the client's
  patient.method = "POST";
  auto started = std::chrono::steady_clock::now();
  auto given_up = ytm::test::run_until_done(io, http.request(hasty));
  auto given_up_after = std::chrono::steady_clock::now() - started;
  auto answered = ytm::test::run_until_done(io, http.request(patient));

  REQUIRE_FALSE(given_up.ok());
  CHECK(given_up.failure().code == ytm::FailureCode::timeout);
  CHECK(given_up.failure().message.find("no response header within 300 ms") != std::string::npos);
  CHECK(given_up_after < 5s);  // the fixture is silent for 10 s
  REQUIRE(answered.ok());
  CHECK(answered->status == 200);
  CHECK(answered->body == "slow");
}

TEST_CASE("a body cut short by a closed connection is a failure") {
  HttpFixture fx;
  auto request = get(fx.url("/truncated"));
  request.headers = {{"x-api-key", "sk-secret-123"}};
  auto r = fetch(request);
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().code == ytm::FailureCode::bad_response);
  CHECK(r.failure().message.find("closed before the whole body arrived") != std::string::npos);
  CHECK(r.failure().message.find(fx.url("/truncated")) != std::string::npos);
  CHECK(r.failure().message.find("sk-secret") == std::string::npos);
}

namespace {

// Runs request on a client that has already done one request, so that only the request itself
// counts; returns the outcome and how much the resident set grew meanwhile.
std::pair<ytm::Outcome<ytm::net::HttpResponse>, std::size_t> measured(const HttpFixture& fx, HttpRequest request) {
  asio::io_context io;
  HttpClient client(io.get_executor(), {});
  if (!ytm::test::run_until_done(io, client.request(get(fx.url("/ok")))).ok()) FAIL("warm-up request failed");
  auto before = ytm::test::resident_bytes();
  auto r = ytm::test::run_until_done(io, client.request(std::move(request)));
  auto after = ytm::test::resident_bytes();
  return {std::move(r), after > before ? after - before : 0};
}

}  // namespace

TEST_CASE("a declared 64 MB body is refused without reading it") {
  HttpFixture fx;
  auto [r, growth] = measured(fx, get(fx.url("/huge")));
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().code == ytm::FailureCode::body_too_large);
  CHECK(r.failure().kind == ytm::FailureKind::permanent);
  CHECK(growth < (16u << 20));
  auto stats = stats_after_huge(fx);
  CHECK(stats["huge_done"] == 1);
  CHECK(stats["huge_sent"].get<std::int64_t>() < (32 << 20));  // the client hung up early
}

TEST_CASE("a chunked body without length stops at the cap") {
  HttpFixture fx;
  auto request = get(fx.url("/huge-chunked"));
  request.max_body_bytes = 1 << 20;
  auto [r, growth] = measured(fx, request);
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().code == ytm::FailureCode::body_too_large);
  CHECK(r.failure().message.find("larger than 1048576 bytes") != std::string::npos);
  CHECK(growth < (16u << 20));
  auto stats = stats_after_huge(fx);
  CHECK(stats["huge_done"] == 1);
  CHECK(stats["huge_sent"].get<std::int64_t>() < (32 << 20));
}

TEST_CASE("sequential requests to one host share a kept-alive connection") {
  HttpFixture fx;
  asio::io_context io;
  HttpClient client(io.get_executor(), {});
  auto first = ytm::test::run_until_done(io, client.request(get(fx.url("/ok"))));
  auto second = ytm::test::run_until_done(io, client.request(get(fx.url("/status/404"))));
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(client.idle_connections() == 1);
  CHECK(fx.stats()["connections"] == 2);  // ours, and the one stats() opened
}

TEST_CASE("a kept-alive connection the server closed is replaced without an error") {
  HttpFixture fx;
  asio::io_context io;
  HttpClient client(io.get_executor(), {});
  auto first = ytm::test::run_until_done(io, client.request(get(fx.url("/ok-then-close"))));
  REQUIRE(first.ok());
  CHECK(client.idle_connections() == 1);
  std::this_thread::sleep_for(50ms);  // the server's close reaches us while the connection is idle
  auto second = ytm::test::run_until_done(io, client.request(get(fx.url("/ok"))));
  REQUIRE(second.ok());
  CHECK(second->body == "hello");
  CHECK(fx.stats()["connections"] == 3);  // the closed one, its replacement, stats()
}

TEST_CASE("a failed connection is never kept for reuse") {
  HttpFixture fx;
  asio::io_context io;
  HttpClient client(io.get_executor(), {});
  auto r = ytm::test::run_until_done(io, client.request(get(fx.url("/truncated"))));
  REQUIRE_FALSE(r.ok());
  CHECK(client.idle_connections() == 0);
}

TEST_CASE("unusable URLs and refused connections are failures naming the URL") {
  auto ftp = fetch(get("ftp://example.com/file"));
  REQUIRE_FALSE(ftp.ok());
  CHECK(ftp.failure().code == ytm::FailureCode::bad_url);
  auto junk = fetch(get("not a url"));
  REQUIRE_FALSE(junk.ok());
  CHECK(junk.failure().code == ytm::FailureCode::bad_url);
  CHECK(junk.failure().message.find("'not a url'") != std::string::npos);

  auto url = "http://127.0.0.1:" + std::to_string(ytm::test::closed_port()) + "/feed";
  auto refused = fetch(get(url));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.failure().code == ytm::FailureCode::connect_failed);
  CHECK(refused.failure().kind == ytm::FailureKind::transient);
  CHECK(refused.failure().message.find(url) != std::string::npos);
}

TEST_CASE("a POST never goes over an idle connection, so it is never sent twice") {
  HttpFixture fx;
  asio::io_context io;
  HttpClient client(io.get_executor(), {});
  HttpRequest post = get(fx.url("/echo"));
  post.method = "POST";
  post.body = "payload";
  auto first = ytm::test::run_until_done(io, client.request(post));
  auto second = ytm::test::run_until_done(io, client.request(post));
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(second->body == "POST /echo\npayload");
  CHECK(fx.stats()["connections"] == 3);
}

namespace {

// A bare TCP server that reads whatever comes and notes when the peer closes.
asio::awaitable<void> watch_one_connection(asio::ip::tcp::acceptor& acceptor, bool& peer_closed) {
  auto socket = co_await acceptor.async_accept(asio::use_awaitable);
  std::array<char, 4096> buffer{};
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable));
    if (ec) break;
  }
  peer_closed = true;
}

// True when the timer won, i.e. the request gave way to the cancellation.
asio::awaitable<bool> request_racing_timer(HttpClient& client, std::string url, std::chrono::milliseconds after) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer timer(co_await asio::this_coro::executor, after);
  auto winner = co_await (timer.async_wait(asio::use_awaitable) || client.request(get(std::move(url), 10s)));
  co_return winner.index() == 0;
}

}  // namespace

TEST_CASE("cancelling the awaiting coroutine closes the socket") {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  bool peer_closed = false;
  asio::co_spawn(io, watch_one_connection(acceptor, peer_closed), asio::detached);
  HttpClient client(io.get_executor(), {});
  auto url = "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/never";

  auto started = std::chrono::steady_clock::now();
  bool timer_won = ytm::test::run_until_done(io, request_racing_timer(client, url, 200ms));
  for (int i = 0; i < 40 && !peer_closed; ++i) io.run_for(50ms);

  CHECK(timer_won);
  CHECK(peer_closed);
  CHECK(std::chrono::steady_clock::now() - started < 3s);  // not the request's own 10 s
  CHECK(client.idle_connections() == 0);
}

TEST_CASE("an idle connection older than idle_timeout is not reused") {
  HttpFixture fx;
  asio::io_context io;
  ytm::net::ClientOptions options;
  options.idle_timeout = 100ms;
  HttpClient client(io.get_executor(), options);
  REQUIRE(ytm::test::run_until_done(io, client.request(get(fx.url("/ok")))).ok());
  std::this_thread::sleep_for(200ms);
  REQUIRE(ytm::test::run_until_done(io, client.request(get(fx.url("/ok")))).ok());
  CHECK(fx.stats()["connections"] == 3);
}

TEST_CASE("request headers replace the default User-Agent and Accept") {
  HttpFixture fx;
  auto request = get(fx.url("/echo"));
  request.headers = {{"user-agent", "custom/1"}, {"Accept", "application/atom+xml"}, {"If-None-Match", "\"v1\""}};
  auto r = fetch(request);
  REQUIRE(r.ok());
  CHECK(r->body.find("ytmonitor/") == std::string::npos);
  CHECK(r->body.find("custom/1") != std::string::npos);
  CHECK(r->body.find("Accept: application/atom+xml") != std::string::npos);
  CHECK(r->body.find("*/*") == std::string::npos);
  CHECK(r->body.find("If-None-Match: \"v1\"") != std::string::npos);
}

TEST_CASE("new options apply to the requests that start after them, through a proxy, and a bad proxy keeps the old") {
  HttpFixture origin;
  HttpFixture proxy;
  asio::io_context io;
  HttpClient client(io.get_executor(), {});
  auto before = ytm::test::run_until_done(io, client.request(get(origin.url("/echo"))));
  REQUIRE(before.ok());
  CHECK(before->body.find("User-Agent: ytmonitor/" YTM_VERSION "\n") != std::string::npos);

  ytm::net::ClientOptions options;
  options.user_agent = "reloaded/2";
  options.proxy = "http://127.0.0.1:" + std::to_string(proxy.port());
  client.set_options(options);
  auto after = ytm::test::run_until_done(io, client.request(get(origin.url("/echo"))));
  REQUIRE(after.ok());
  CHECK(after->body.find("User-Agent: reloaded/2\n") != std::string::npos);
  CHECK(proxy.stats()["proxied"] == 1);

  options.proxy = "socks5://proxy:1080";
  CHECK_THROWS_AS(client.set_options(options), std::invalid_argument);
  auto kept = ytm::test::run_until_done(io, client.request(get(origin.url("/echo"))));
  REQUIRE(kept.ok());
  CHECK(kept->body.find("User-Agent: reloaded/2\n") != std::string::npos);
  CHECK(proxy.stats()["proxied"] == 2);
}
