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

}  // namespace ytm::model
