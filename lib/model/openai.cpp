#include "model/openai.hpp"

#include <cstdlib>

#include <spdlog/spdlog.h>

#include "model/http_transport.hpp"
#include "model/usage_limit.hpp"

namespace ytm::model {

namespace asio = boost::asio;
using nlohmann::json;

json openai_request_body(const std::string& model, const Request& request, const OpenAiDialect& dialect) {
  json messages = json::array();
  if (!request.system.empty()) messages.push_back({{"role", "system"}, {"content", request.system}});
  messages.push_back({{"role", "user"}, {"content", request.prompt}});
  json body{{"model", model}, {"messages", messages}, {"stream", false}};
  if (dialect.temperature) body["temperature"] = 0.2;
  body[dialect.max_completion_tokens ? "max_completion_tokens" : "max_tokens"] = request.max_output_tokens;
  if (request.schema && dialect.json_schema) {
    body["response_format"] = {
        {"type", "json_schema"},
        {"json_schema", {{"name", "answer"}, {"strict", true}, {"schema", schema_for_model(*request.schema)}}}};
  }
  return body;
}

std::optional<OpenAiDialect> openai_dialect_after(int status, std::string_view body, const OpenAiDialect& sent) {
  if (status != 400) return std::nullopt;
  const ApiError error = read_api_error(status, body);
  OpenAiDialect next = sent;
  if (!sent.max_completion_tokens && mentions(error.message, {"max_completion_tokens"})) {
    next.max_completion_tokens = true;
    return next;
  }
  if (sent.temperature && mentions(error.message, {"temperature"})) {
    next.temperature = false;
    return next;
  }
  if (sent.json_schema && mentions(error.message, {"response_format", "json_schema", "invalid schema"})) {
    next.json_schema = false;
    return next;
  }
  return std::nullopt;
}

namespace {

ErrorSigns openai_signs(const ApiError& error) {
  ErrorSigns signs;
  signs.context_too_long =
      error.status == 413 || error.type == "exceed_context_size_error" || error.code == "context_length_exceeded" ||
      (error.status == 400 && mentions(error.message, {"context length", "context size", "context window",
                                                       "maximum context", "too many tokens", "prompt is too long"}));
  signs.billing = error.type == "insufficient_quota" || error.code == "insufficient_quota" ||
                  (error.status == 429 && mentions(error.message, {"quota", "billing", "credit"}));
  return signs;
}

// Reasoning models served by Ollama or llama.cpp may put their thinking before the answer.
std::string without_thinking(std::string text) {
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos || text.compare(start, 7, "<think>") != 0) return text;
  const auto end = text.find("</think>", start);
  if (end == std::string::npos) return text;
  const auto rest = text.find_first_not_of(" \t\r\n", end + 8);
  return rest == std::string::npos ? std::string() : text.substr(rest);
}

Outcome<Reply> read_completion(const json& completion, const CallContext& context) {
  const json* choices = completion.contains("choices") ? &completion["choices"] : nullptr;
  if (choices == nullptr || !choices->is_array() || choices->empty() || !(*choices)[0].is_object()) {
    return Failure::transient(FailureCode::server_error, context.endpoint + " answered without choices");
  }
  const json& choice = (*choices)[0];
  const json& message = object_at(choice, "message");
  const std::string finish = string_at(choice, "finish_reason");
  if (const std::string refusal = string_at(message, "refusal"); !refusal.empty()) {
    return Failure::permanent(FailureCode::invalid_output, context.endpoint + " refused: " + shorten(refusal));
  }
  if (finish == "content_filter") {
    return Failure::permanent(FailureCode::invalid_output, context.endpoint + " withheld the answer (content filter)");
  }
  Reply reply;
  reply.text = without_thinking(string_at(message, "content"));
  reply.stop = stop_reason_from(finish);
  if (reply.text.empty() && !reply.truncated()) {
    return Failure::transient(FailureCode::server_error,
                              context.endpoint + " answered with no text (finish_reason '" + finish + "')");
  }
  if (context.wants_schema) {
    json parsed = json::parse(reply.text, nullptr, false);
    if (parsed.is_object()) reply.structured = std::move(parsed);
  }
  const json& usage = object_at(completion, "usage");
  reply.input_tokens = integer_at(usage, "prompt_tokens");
  reply.output_tokens = integer_at(usage, "completion_tokens");
  reply.model = string_at(completion, "model");
  if (reply.model.empty()) reply.model = context.model;
  price_reply(reply, context);
  return reply;
}

}  // namespace

Outcome<Reply> parse_openai_response(int status, std::string_view body, std::optional<std::chrono::seconds> retry_after,
                                     const CallContext& context) {
  if (status != 200) {
    const ApiError error = read_api_error(status, body);
    return status_failure(error, retry_after, context, openai_signs(error));
  }
  auto answer = answer_object(body, context);
  if (!answer) return answer.failure();
  return read_completion(*answer, context);
}

namespace {

class OpenAiBackend final : public Backend {
 public:
  OpenAiBackend(asio::any_io_executor executor, const config::ModelSettings& settings)
      : settings_(settings), http_(std::move(executor), model_client_options(settings)) {}

  asio::awaitable<Outcome<Reply>> complete(Request request) override {
    const CallContext context{settings_.name, request.schema.has_value(), settings_.api_key_env,
                              "the chat completions server at " + settings_.base_url, settings_.prices};
    std::vector<net::Header> headers;
    if (!settings_.api_key_env.empty()) {
      const char* key = std::getenv(settings_.api_key_env.c_str());
      if (key == nullptr || *key == '\0') {
        co_return Failure::paused(FailureCode::auth, "no API key: the environment variable " + settings_.api_key_env +
                                              " (model.api_key_env) is not set for the daemon; set it in the "
                                              "service's environment, or empty model.api_key_env for a local server");
      }
      headers.push_back({"authorization", std::string("Bearer ") + key});
    }
    const auto started = std::chrono::steady_clock::now();
    for (;;) {
      const OpenAiDialect sent = dialect_;
      JsonPost post{endpoint_url(settings_.base_url, "/v1/chat/completions"), headers,
                    dump_json(openai_request_body(settings_.name, request, sent)), settings_.timeout};
      auto response = co_await post_json(&http_, std::move(post));
      if (!response) co_return transport_failure(response.failure(), context);
      if (auto next = openai_dialect_after(response->status, response->body, sent)) {
        spdlog::info("{}: the server did not take our request ({}); asking again without it", name(),
                     shorten(read_api_error(response->status, response->body).message, 160));
        dialect_ = *next;
        continue;
      }
      auto reply = parse_openai_response(response->status, response->body, limit_wait(*response, now_unix()), context);
      note_reply(reply, started, request.label, name());
      co_return reply;
    }
  }

  [[nodiscard]] std::string name() const override { return "openai:" + settings_.name; }

 private:
  config::ModelSettings settings_;
  net::HttpClient http_;
  OpenAiDialect dialect_;
};

}  // namespace

std::unique_ptr<Backend> make_openai_backend(asio::any_io_executor executor, const config::ModelSettings& settings) {
  return std::make_unique<OpenAiBackend>(std::move(executor), settings);
}

}  // namespace ytm::model
