#pragma once
// What the backends share: the facts a reply parser needs about its request, reading an API's
// error body, turning transport failures into backend failures, and small text helpers.
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/failure.hpp"
#include "model/backend.hpp"

namespace ytm::model {

// Name of the tool that carries structured answers (the claude CLI's --json-schema uses the same).
inline constexpr const char* structured_tool_name = "StructuredOutput";

// What a reply parser needs to know about the request it answers.
struct CallContext {
  std::string model;          // as configured; used when the reply does not name one
  bool wants_schema = false;  // the request asked for structured output
  std::string key_env;        // the variable holding the key, named in authentication messages
  std::string endpoint;       // "the Anthropic API at https://…", named in messages
  std::vector<config::ModelPrice> prices{};  // model.prices, before the built-in table
  bool batched = false;                    // answered inside a batch: priced at its discount
};

// The reply's cost from its tokens and model (model/pricing), at the context's prices.
void price_reply(Reply& reply, const CallContext& context);

// An API's refusal as read from its error body ({"error":{"type","code","message"}} or {"error":"…"}).
struct ApiError {
  int status = 0;
  std::string type;     // error.type
  std::string code;     // error.code or error.details.error_code
  std::string message;  // error.message, or the start of the body when it is not JSON
};
ApiError read_api_error(int status, std::string_view body);

// An HTTP error status as a backend failure. The API-specific parsers decide the two signs that
// depend on the body; the rest follows the status: 401/403 auth, 429 rate_limited (with
// retry_after), 503/529 overloaded, 408 timeout, other 5xx server_error, other 4xx bad_request.
struct ErrorSigns {
  bool context_too_long = false;
  bool billing = false;
};
Failure status_failure(const ApiError& error, std::optional<std::chrono::seconds> retry_after,
                       const CallContext& context, ErrorSigns signs);

// A 200 answer's body as a JSON object, or the server_error failure that it is not one.
Outcome<nlohmann::json> answer_object(std::string_view body, const CallContext& context);

// Stamps a successful reply with the time since started and logs it (debug level).
void note_reply(Outcome<Reply>& reply, std::chrono::steady_clock::time_point started, const std::string& label,
                const std::string& backend);

// A transport failure from net::HttpClient as a backend failure ("timeout", "network", ...).
Failure transport_failure(const Failure& failure, const CallContext& context);

// The schema as a model API takes it: without "$schema" (the claude CLI rejects draft 2020-12 URIs).
nlohmann::json schema_for_model(const nlohmann::json& schema);

// Fields of model output that may be missing, null or of another type: "" / 0 / false then.
std::string string_at(const nlohmann::json& object, const char* key);
std::int64_t integer_at(const nlohmann::json& object, const char* key);
bool bool_at(const nlohmann::json& object, const char* key);
const nlohmann::json& object_at(const nlohmann::json& object, const char* key);  // empty object when absent

// JSON text that never throws on invalid UTF-8 in transcripts (bad bytes become U+FFFD).
std::string dump_json(const nlohmann::json& value);

// Case-insensitive: does the text contain any of the needles?
bool mentions(std::string_view text, std::initializer_list<std::string_view> needles);

// At most max characters of text on one line, for messages.
std::string shorten(std::string_view text, std::size_t max = 300);

// The key's environment variable: settings.api_key_env, or fallback when that is empty.
std::string key_variable(const std::string& configured, const char* fallback);

}  // namespace ytm::model
