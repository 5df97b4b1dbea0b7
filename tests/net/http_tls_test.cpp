// HTTPS with a CA made for the test (openssl CLI), and the HTTP CONNECT proxy.
#include "net/fixture.hpp"
#include "net/http_client.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using ytm::net::ClientOptions;
using ytm::net::HttpRequest;
using ytm::test::fetch;
using ytm::test::HttpFixture;

namespace {

void openssl(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = ytm::test::run(argv);
  if (r.exit_code != 0) FAIL("openssl " << args.front() << " failed: " << r.err);
}

// A CA and a certificate for "localhost" signed by it, in dir: ca.crt, server.crt, server.key.
void make_certificates(const ytm::test::TempDir& dir) {
  auto p = [&](const char* name) { return (dir / name).string(); };
  openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
           p("ca.key"), "-out", p("ca.crt"), "-days", "2", "-subj", "/CN=ytmonitor test CA", "-addext",
           "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"});
  openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", p("server.key"),
           "-out", p("server.csr"), "-subj", "/CN=localhost"});
  dir.write("ext.cnf", "subjectAltName=DNS:localhost\n");
  openssl({"x509", "-req", "-in", p("server.csr"), "-CA", p("ca.crt"), "-CAkey", p("ca.key"), "-CAcreateserial", "-out",
           p("server.crt"), "-days", "2", "-extfile", p("ext.cnf")});
}

HttpRequest get(std::string url) {
  HttpRequest r;
  r.url = std::move(url);
  r.timeout = 5s;
  return r;
}

}  // namespace

TEST_CASE("HTTPS to a server whose CA is trusted succeeds, and reuses the connection") {
  ytm::test::TempDir dir;
  make_certificates(dir);
  HttpFixture fx({"--tls", (dir / "server.crt").string(), (dir / "server.key").string()});
  ClientOptions options;
  options.ca_file = (dir / "ca.crt").string();

  boost::asio::io_context io;
  ytm::net::HttpClient client(io.get_executor(), options);
  auto first = ytm::test::run_until_done(io, client.request(get(fx.url("/ok", "https", "localhost"))));
  auto second =
      ytm::test::run_until_done(io, client.request(get(fx.url("/redirect/relative/1", "https", "localhost"))));
  REQUIRE(first.ok());
  CHECK(first->status == 200);
  CHECK(first->body == "hello");
  REQUIRE(second.ok());
  CHECK(second->final_url == fx.url("/ok", "https", "localhost"));
  CHECK(fx.stats("https", options.ca_file)["connections"] == 2);
}

TEST_CASE("HTTPS fails when the certificate does not name the host") {
  ytm::test::TempDir dir;
  make_certificates(dir);
  HttpFixture fx({"--tls", (dir / "server.crt").string(), (dir / "server.key").string()});
  ClientOptions options;
  options.ca_file = (dir / "ca.crt").string();
  auto r = fetch(get(fx.url("/ok", "https", "127.0.0.1")), options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().code == ytm::FailureCode::tls_failed);
  CHECK(r.failure().message.find("mismatch") != std::string::npos);
  CHECK(r.failure().message.find(fx.url("/ok", "https", "127.0.0.1")) != std::string::npos);
}

TEST_CASE("HTTPS fails when the certificate's CA is not trusted") {
  ytm::test::TempDir dir;
  make_certificates(dir);
  HttpFixture fx({"--tls", (dir / "server.crt").string(), (dir / "server.key").string()});
  auto r = fetch(get(fx.url("/ok", "https", "localhost")));
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().code == ytm::FailureCode::tls_failed);
  CHECK(r.failure().message.find("certificate not accepted") != std::string::npos);
}

TEST_CASE("a missing CA file is a start-up error") {
  boost::asio::io_context io;
  ClientOptions options;
  options.ca_file = "/nonexistent/ca.pem";
  CHECK_THROWS_WITH(ytm::net::HttpClient(io.get_executor(), options), Catch::Contains("/nonexistent/ca.pem"));
  options.ca_file.clear();
  options.proxy = "socks5://user:pw@proxy:1080";
  CHECK_THROWS_WITH(ytm::net::HttpClient(io.get_executor(), options), !Catch::Contains("pw"));
}

TEST_CASE("HTTPS goes through an HTTP proxy with CONNECT, plain HTTP in absolute form") {
  ytm::test::TempDir dir;
  make_certificates(dir);
  HttpFixture origin_tls({"--tls", (dir / "server.crt").string(), (dir / "server.key").string()});
  HttpFixture origin_plain;
  HttpFixture proxy;
  ClientOptions options;
  options.ca_file = (dir / "ca.crt").string();
  options.proxy = "http://127.0.0.1:" + std::to_string(proxy.port());

  auto secure = fetch(get(origin_tls.url("/ok", "https", "localhost")), options);
  REQUIRE(secure.ok());
  CHECK(secure->body == "hello");
  auto plain = fetch(get(origin_plain.url("/echo")), options);
  REQUIRE(plain.ok());
  CHECK(plain->body.find("GET /echo HTTP/1.1") != std::string::npos);

  auto seen = proxy.stats();
  CHECK(seen["tunnels"] == 1);
  CHECK(seen["proxied"] == 1);
}

TEST_CASE("a proxy that refuses CONNECT is a proxy failure") {
  HttpFixture proxy;
  ClientOptions options;
  options.proxy = "http://127.0.0.1:" + std::to_string(proxy.port());
  // The proxy cannot reach a closed port and answers 502.
  auto r = fetch(get("https://127.0.0.1:" + std::to_string(ytm::test::closed_port()) + "/"), options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().code == ytm::FailureCode::proxy_failed);
  CHECK(r.failure().message.find("502") != std::string::npos);
}
