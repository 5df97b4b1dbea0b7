#include "model/http_transport.hpp"

#include <algorithm>
#include <cstdlib>

namespace ytm::model {

namespace {
// Answers of a few hundred kilobytes are normal; more than this is not an answer.
constexpr std::size_t max_answer_bytes = std::size_t{32} << 20;
}  // namespace

net::ClientOptions model_client_options(const config::ModelSettings& settings) {
  net::ClientOptions options;
  options.header_timeout = std::max<std::chrono::milliseconds>(settings.timeout, std::chrono::seconds(1));
  options.connect_timeout = std::min<std::chrono::milliseconds>(options.connect_timeout, options.header_timeout);
  return options;
}

std::string endpoint_url(const std::string& base_url, const std::string& path) {
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (base.size() >= 3 && base.compare(base.size() - 3, 3, "/v1") == 0) base.resize(base.size() - 3);
  return base + path;
}

boost::asio::awaitable<Outcome<net::HttpResponse>> post_json(net::HttpClient* client, JsonPost post) {
  net::HttpRequest request;
  request.method = "POST";
  request.url = std::move(post.url);
  request.headers = std::move(post.headers);
  request.headers.push_back({"content-type", "application/json"});
  request.headers.push_back({"accept", "application/json"});
  request.body = std::move(post.body);
  request.timeout = post.timeout;
  request.max_body_bytes = max_answer_bytes;
  request.max_redirects = 0;
  co_return co_await client->request(std::move(request));
}

boost::asio::awaitable<Outcome<net::HttpResponse>> send_api(net::HttpClient* client, ApiRequest api) {
  net::HttpRequest request;
  request.method = api.method;
  request.url = std::move(api.post.url);
  request.headers = std::move(api.post.headers);
  if (!api.content_type.empty()) request.headers.push_back({"content-type", api.content_type});
  request.headers.push_back({"accept", "application/json"});
  request.body = std::move(api.post.body);
  request.timeout = api.post.timeout;
  request.max_body_bytes = api.max_bytes;
  request.max_redirects = 0;
  co_return co_await client->request(std::move(request));
}

Outcome<std::string> api_key(const std::string& key_env) {
  const char* key = key_env.empty() ? nullptr : std::getenv(key_env.c_str());
  if (key == nullptr || *key == '\0') {
    return Failure::paused(FailureCode::auth, "no API key: the environment variable " + key_env +
                                       " (model.api_key_env) is not set for the daemon; set it in the service's "
                                       "environment");
  }
  return std::string(key);
}

}  // namespace ytm::model
