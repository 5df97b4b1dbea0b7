#include "fake_model_fixture.hpp"

#include <stdexcept>

#include "net/http_client.hpp"

namespace ytm::test {

FakeModel::FakeModel(std::vector<std::string> args)
    : process_([&] {
        std::vector<std::string> argv{std::string(YTM_TESTS_DIR) + "/fakes/fake_model", "--port", "0"};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
      }()) {}

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
