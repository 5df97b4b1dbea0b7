#include "model/anthropic.hpp"

#include <cstdlib>

#include "model/http_transport.hpp"
#include "model/usage_limit.hpp"

namespace ytm::model {

namespace asio = boost::asio;
using nlohmann::json;

json anthropic_request_body(const std::string& model, const Request& request) {
  json body{{"model", model},
            {"max_tokens", request.max_output_tokens},
            {"messages", json::array({{{"role", "user"}, {"content", request.prompt}}})}};
  if (!request.system.empty()) body["system"] = request.system;
  if (request.schema) {
    body["tools"] = json::array({{{"name", structured_tool_name},
                                  {"description",
                                   "Give the complete answer as structured data. Call this tool "
                                   "exactly once; its input is the whole answer."},
                                  {"input_schema", schema_for_model(*request.schema)}}});
    body["tool_choice"] = {{"type", "tool"}, {"name", structured_tool_name}};
  }
  return body;
}

namespace {

ErrorSigns anthropic_signs(const ApiError& error) {
  ErrorSigns signs;
  signs.context_too_long =
      error.status == 413 ||
      (error.status == 400 && mentions(error.message, {"prompt is too long", "context window", "too many tokens"}));
  signs.billing = error.code == "enforced_spend_limit_reached" ||
                  ((error.status == 400 || error.status == 429 || error.status == 403) &&
                   mentions(error.message, {"credit balance", "usage limits", "spend limit", "billing"}));
  return signs;
}

Outcome<Reply> read_message(const json& message, const CallContext& context) {
  Reply reply;
  const json* content = message.contains("content") ? &message["content"] : nullptr;
  if (content == nullptr || !content->is_array())
    return Failure::transient(FailureCode::server_error, context.endpoint + " answered without content");
  for (const json& block : *content) {
    const std::string type = string_at(block, "type");
    if (type == "text") reply.text += string_at(block, "text");
    if (type == "tool_use" && string_at(block, "name") == structured_tool_name && block.contains("input")) {
      reply.structured = block["input"];
    }
  }
  if (reply.structured) reply.text = dump_json(*reply.structured);
  const std::string stop = string_at(message, "stop_reason");
  if (stop == "refusal") {
    return Failure::permanent(FailureCode::invalid_output, context.endpoint + " refused to answer: " + shorten(reply.text));
  }
  reply.stop = stop_reason_from(stop);
  if (reply.text.empty() && !reply.truncated()) {
    return Failure::transient(FailureCode::server_error, context.endpoint + " answered with no text (stop_reason '" + stop + "')");
  }
  const json& usage = object_at(message, "usage");
  reply.input_tokens = integer_at(usage, "input_tokens") + integer_at(usage, "cache_creation_input_tokens") +
                       integer_at(usage, "cache_read_input_tokens");
  reply.output_tokens = integer_at(usage, "output_tokens");
  reply.model = string_at(message, "model");
  if (reply.model.empty()) reply.model = context.model;
  price_reply(reply, context);
  return reply;
}

}  // namespace

Outcome<Reply> parse_anthropic_response(int status, std::string_view body,
                                        std::optional<std::chrono::seconds> retry_after, const CallContext& context) {
  if (status != 200) {
    const ApiError error = read_api_error(status, body);
    return status_failure(error, retry_after, context, anthropic_signs(error));
  }
  auto answer = answer_object(body, context);
  if (!answer) return answer.failure();
  return read_message(*answer, context);
}

namespace {

class AnthropicBackend final : public Backend {
 public:
  AnthropicBackend(asio::any_io_executor executor, const config::ModelSettings& settings)
      : settings_(settings), http_(std::move(executor), model_client_options(settings)) {
    base_url_ = settings.base_url.empty() ? anthropic_default_base_url : settings.base_url;
  }

  asio::awaitable<Outcome<Reply>> complete(Request request) override {
    const CallContext context{settings_.name, request.schema.has_value(),
                              key_variable(settings_.api_key_env, "ANTHROPIC_API_KEY"),
                              "the Anthropic API at " + base_url_, settings_.prices};
    const char* key = std::getenv(context.key_env.c_str());
    if (key == nullptr || *key == '\0') {
      co_return Failure::paused(FailureCode::auth, "no API key: the environment variable " + context.key_env +
                                            " (model.api_key_env) is not set for the daemon; set it in the "
                                            "service's environment, or use model.backend: claude-cli");
    }
    JsonPost post{endpoint_url(base_url_, "/v1/messages"),
                  {{"x-api-key", key}, {"anthropic-version", anthropic_version}},
                  dump_json(anthropic_request_body(settings_.name, request)),
                  settings_.timeout};
    const auto started = std::chrono::steady_clock::now();
    auto response = co_await post_json(&http_, std::move(post));
    if (!response) co_return transport_failure(response.failure(), context);
    auto reply = parse_anthropic_response(response->status, response->body, limit_wait(*response, now_unix()), context);
    note_reply(reply, started, request.label, name());
    co_return reply;
  }

  [[nodiscard]] std::string name() const override { return "anthropic:" + settings_.name; }

 private:
  config::ModelSettings settings_;
  std::string base_url_;
  net::HttpClient http_;
};

}  // namespace

std::unique_ptr<Backend> make_anthropic_backend(asio::any_io_executor executor, const config::ModelSettings& settings) {
  return std::make_unique<AnthropicBackend>(std::move(executor), settings);
}

}  // namespace ytm::model
