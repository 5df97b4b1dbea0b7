#pragma once
// The OpenAI-compatible chat completions backend (Ollama, llama.cpp server, vLLM, OpenAI). The
// request body and the reading of a response are plain functions, tested without a server.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "model/backend.hpp"
#include "model/http_api.hpp"

namespace ytm::model {

// What a server accepts; learnt from its 400 answers and kept for the backend's lifetime.
struct OpenAiDialect {
  bool json_schema = true;             // response_format {"type":"json_schema", strict}
  bool max_completion_tokens = false;  // newer OpenAI models reject "max_tokens"
  bool temperature = true;             // reasoning models reject any but the default
};

// POST /v1/chat/completions body: a system and a user message, max_tokens, temperature 0.2, and
// with a schema (when the dialect allows) a strict json_schema response_format.
nlohmann::json openai_request_body(const std::string& model, const Request& request, const OpenAiDialect& dialect);

// The dialect to retry with when a 400 says the server does not take what we sent (an unsupported
// response_format or schema keyword, max_tokens instead of max_completion_tokens, a temperature); nullopt otherwise.
std::optional<OpenAiDialect> openai_dialect_after(int status, std::string_view body, const OpenAiDialect& sent);

// A response by status and body:
//   200: choices[0].message.content (a leading <think>…</think> dropped; with a schema, parsed as
//        JSON into structured when it is an object); finish_reason as the reply's stop
//        (length: truncated, missing: none);
//        content_filter or a refusal is invalid_output.
//   400 exceed_context_size_error / context length words: context_too_long; other 4xx: bad_request
//   401, 403: auth; 429 insufficient_quota or billing words: billing; other 429: rate_limited
//   (retry_after from the header, given by the caller); 503 (llama.cpp loading a model), 529:
//   overloaded; other 5xx: server_error.
Outcome<Reply> parse_openai_response(int status, std::string_view body, std::optional<std::chrono::seconds> retry_after,
                                     const CallContext& context);

std::unique_ptr<Backend> make_openai_backend(boost::asio::any_io_executor executor,
                                             const config::ModelSettings& settings);

}  // namespace ytm::model
