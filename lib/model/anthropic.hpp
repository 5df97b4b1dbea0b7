#pragma once
// The Anthropic Messages API backend. The request body and the reading of a response are plain
// functions so that every failure mapping can be tested without a server.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "model/backend.hpp"
#include "model/http_api.hpp"

namespace ytm::model {

inline constexpr const char* anthropic_default_base_url = "https://api.anthropic.com";
inline constexpr const char* anthropic_version = "2023-06-01";

// POST /v1/messages body: system, one user message, max_tokens; with a schema, one tool whose
// input_schema is the schema and a tool_choice that forces it.
nlohmann::json anthropic_request_body(const std::string& model, const Request& request);

// A response to that request, by status and body:
//   200: the text blocks (or the forced tool's input as structured output); stop_reason
//        as the reply's stop (max_tokens: truncated, missing: none); "refusal" is invalid_output.
//   400 "prompt is too long" / 413: context_too_long; 400 credit balance: billing; other 4xx: bad_request
//   401, 403: auth; 429 enforced_spend_limit_reached or billing words: billing; other 429: rate_limited
//   (retry_after from the Retry-After header, given by the caller); 529: overloaded; 5xx: server_error.
Outcome<Reply> parse_anthropic_response(int status, std::string_view body,
                                        std::optional<std::chrono::seconds> retry_after, const CallContext& context);

std::unique_ptr<Backend> make_anthropic_backend(boost::asio::any_io_executor executor,
                                                const config::ModelSettings& settings);

}  // namespace ytm::model
