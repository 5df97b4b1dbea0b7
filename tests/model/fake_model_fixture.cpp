#include "fake_model_fixture.hpp"

#include <csignal>
#include <stdexcept>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/http_client.hpp"

extern char** environ;

namespace ytm::test {

FakeModel::FakeModel(std::vector<std::string> args) {
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe");
  std::vector<std::string> argv{std::string(YTM_TESTS_DIR) + "/fakes/fake_model", "--port", "0"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  const int rc = posix_spawn(&pid_, argv[0].c_str(), &actions, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    throw std::runtime_error("cannot start " + argv[0]);
  }
  std::string line;
  char c = 0;
  while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
  ::close(out[0]);
  port_ = line.empty() ? 0 : std::stoi(line);
  if (port_ == 0) throw std::runtime_error("fake_model did not print its port");
}

FakeModel::~FakeModel() {
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

nlohmann::json FakeModel::control(const std::string& method, const std::string& path, const std::string& body) const {
  boost::asio::io_context io;
  net::HttpClient client(io.get_executor(), {});
  net::HttpRequest request;
  request.method = method;
  request.url = base_url() + path;
  request.body = body;
  auto response = run_coroutine(io, client.request(std::move(request)));
  if (!response) throw std::runtime_error("fake_model " + path + ": " + response.failure().message);
  if (response->status != 200) throw std::runtime_error("fake_model " + path + ": " + response->body);
  return nlohmann::json::parse(response->body);
}

nlohmann::json FakeModel::faults(const nlohmann::json& settings) const {
  return control("POST", "/_control/faults", settings.dump());
}

nlohmann::json FakeModel::stats() const { return control("GET", "/_control/stats", ""); }

void FakeModel::reset() const { (void)control("POST", "/_control/reset", "{}"); }

}  // namespace ytm::test
