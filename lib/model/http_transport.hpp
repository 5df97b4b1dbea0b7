#pragma once
// The HTTP side the anthropic and openai backends share: a client sized for model calls and one
// POST of a JSON body.
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "net/http_client.hpp"

namespace ytm::model {

// A whole answer comes only after the model has written it, so the header may take model.timeout.
net::ClientOptions model_client_options(const config::ModelSettings& settings);

// base_url without trailing slashes, and without a trailing "/v1" (people copy it from SDK docs),
// followed by path ("/v1/messages").
std::string endpoint_url(const std::string& base_url, const std::string& path);

struct JsonPost {
  std::string url;
  std::vector<net::Header> headers;  // content-type and accept are added
  std::string body;
  std::chrono::milliseconds timeout{0};
};

boost::asio::awaitable<Outcome<net::HttpResponse>> post_json(net::HttpClient* client, JsonPost post);

// Any other request to a model server (a batch's status, its results, a file upload): post.body
// sent as it is with its own content type when not empty; answers up to max_bytes.
struct ApiRequest {
  std::string method = "GET";
  JsonPost post;
  std::string content_type;
  std::size_t max_bytes = std::size_t{32} << 20;
};
boost::asio::awaitable<Outcome<net::HttpResponse>> send_api(net::HttpClient* client, ApiRequest request);

// The API key from the environment variable key_env, or the paused failure that names it.
Outcome<std::string> api_key(const std::string& key_env);

}  // namespace ytm::model
