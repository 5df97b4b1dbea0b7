#include "net/fixture.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <csignal>
#include <fstream>
#include <stdexcept>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace ytm::test {

HttpFixture::HttpFixture(std::vector<std::string> args) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe");
  std::vector<std::string> argv{"python3", std::string(YTM_TESTS_DIR) + "/fakes/http_fixture.py"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  int rc = posix_spawnp(&pid_, "python3", &actions, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (rc != 0) throw std::runtime_error("cannot start python3");
  std::string line;
  char c = 0;
  while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
  ::close(out[0]);
  port_ = line.empty() ? 0 : std::stoi(line);
  if (port_ == 0) throw std::runtime_error("http_fixture.py did not print its port");
}

HttpFixture::~HttpFixture() {
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

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
