#include "net/fixture.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <fstream>
#include <stdexcept>

namespace ytm::test {

HttpFixture::HttpFixture(std::vector<std::string> args)
    : process_([&] {
        std::vector<std::string> argv{"python3", std::string(YTM_TESTS_DIR) + "/fakes/http_fixture.py"};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
      }()) {}

nlohmann::json HttpFixture::stats(const std::string& scheme, const std::string& ca_file) const {
  net::ClientOptions options;
  options.ca_file = ca_file;
  net::HttpRequest request;
  request.url = url("/stats", scheme, scheme == "https" ? "localhost" : "127.0.0.1");
  auto r = fetch(request, options);
  if (!r) throw std::runtime_error("stats: " + r.failure().message);
  return nlohmann::json::parse(r->body);
}

Outcome<net::HttpResponse> fetch(net::HttpRequest request, net::ClientOptions options) {
  boost::asio::io_context io;
  net::HttpClient client(io.get_executor(), std::move(options));
  return run_until_done(io, client.request(std::move(request)));
}

std::size_t resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      std::size_t kb = 0;
      status >> kb;
      return kb * 1024;
    }
  }
  return 0;
}

int closed_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

}  // namespace ytm::test
