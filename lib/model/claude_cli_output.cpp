// Reading what `claude -p --output-format json` printed: the failure signals the CLI's exit code
// hides, as found in its issue tracker and measured against the stand-in (tests/fakes/fake_model).
#include <charconv>
#include <chrono>
#include <cstdlib>

#include "core/time.hpp"
#include "core/utf8.hpp"
#include "model/claude_cli.hpp"
#include "model/usage_limit.hpp"

namespace ytm::model {

using nlohmann::json;

namespace {

// The result object; --output-format json prints one, but tolerate log lines before it.
json result_object(std::string_view out) {
  json whole = json::parse(out, nullptr, false);
  if (whole.is_object()) return whole;
  std::size_t end = out.size();
  while (end > 0) {
    const std::size_t start = out.rfind('\n', end - 1);
    const std::size_t from = start == std::string_view::npos ? 0 : start + 1;
    json line = json::parse(out.substr(from, end - from), nullptr, false);
    if (string_at(line, "type") == "result") return line;
    if (from == 0) break;
    end = from - 1;
  }
  return json();
}

// "API Error: 529 Overloaded…", "API Error: Request rejected (429) · …": the first 3-digit number.
int status_in(std::string_view text) {
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    const bool boundary_before = i == 0 || !std::isdigit(static_cast<unsigned char>(text[i - 1]));
    const bool boundary_after = i + 3 == text.size() || !std::isdigit(static_cast<unsigned char>(text[i + 3]));
    int value = 0;
    if (boundary_before && boundary_after &&
        std::from_chars(text.data() + i, text.data() + i + 3, value).ec == std::errc{} && value >= 400 && value < 600) {
      return value;
    }
  }
  return 0;
}

Failure limit_failure(const json& result, const std::string& text, const std::string& said) {
  const UnixTime now = now_unix();
  auto reset = reset_in_text(text, now);
  if (!reset) reset = reset_in_json(result);
  return usage_limit_failure(said, reset, now);
}

Failure auth_failure(const std::string& said) {
  return Failure::paused(FailureCode::auth, said +
                                     "; log in by running `claude` once as the daemon's user, or give the "
                                     "service ANTHROPIC_API_KEY");
}

Failure error_result(const json& result, const std::string& text, int status, const CallContext& context) {
  const std::string subtype = string_at(result, "subtype");
  const std::string said = context.endpoint + ": " + shorten(text.empty() ? subtype : text);
  if (string_at(result, "terminal_reason") == "prompt_too_long" || mentions(text, {"prompt is too long"})) {
    return Failure::permanent(FailureCode::context_too_long, said + " (the part is split and sent again)");
  }
  if (is_limit_banner(text)) return limit_failure(result, text, said);
  if (subtype == "error_max_budget_usd" ||
      mentions(text, {"credit balance", "usage limits", "spend limit", "billing"})) {
    return Failure::paused(FailureCode::billing, said +
                                          "; model work is paused until the account has credit or its spend "
                                          "limit is raised");
  }
  if (status == 401 || status == 403 ||
      mentions(text, {"invalid api key", "/login", "not logged in", "oauth token", "authentication_error"})) {
    return auth_failure(said);
  }
  if (subtype == "error_max_structured_output_retries" || subtype == "error_max_turns") {
    return Failure::permanent(FailureCode::invalid_output, said + " (no answer matching the schema)");
  }
  // The CLI has retried a rate limit itself: a 429 that is still there is the account's limit, unless
  // it says it is the per-minute one.
  if (status == 429 && !mentions(text, {"per-minute", "per minute"})) return limit_failure(result, text, said);
  if (status != 0) {
    ApiError error{status, string_at(result, "api_error_type"), "", text};
    return status_failure(error, std::nullopt, context, {});
  }
  return Failure::transient(FailureCode::server_error, said);
}

Failure no_result(int exit_code, std::string_view err, std::string_view out, const CallContext& context) {
  const std::string said = context.endpoint + " printed no result (exit code " + std::to_string(exit_code) +
                           "): " + shorten(err.empty() ? out : err);
  if (mentions(err, {"invalid api key", "/login", "not logged in", "oauth token"})) return auth_failure(said);
  if (mentions(err, {"unknown option", "error: option", "--json-schema", "not a valid", "invalid value"})) {
    return Failure::permanent(FailureCode::bad_request, said + " (is model.command a claude CLI of version 2.1 or later?)");
  }
  return Failure::transient(FailureCode::server_error, said);
}

constexpr FailureCode gave_up_code = FailureCode::no_structured_output;

// The tokens and cost the result reports, added to the reply's.
void add_usage(Reply& reply, const json& result) {
  const json& usage = object_at(result, "usage");
  reply.input_tokens += integer_at(usage, "input_tokens") + integer_at(usage, "cache_creation_input_tokens") +
                        integer_at(usage, "cache_read_input_tokens");
  reply.output_tokens += integer_at(usage, "output_tokens");
  if (result.contains("total_cost_usd") && result["total_cost_usd"].is_number()) {
    reply.cost_usd += result["total_cost_usd"].get<double>();
    reply.list_cost_usd += result["total_cost_usd"].get<double>();
  }
}

Reply success_reply(const json& result, std::string text, const CallContext& context) {
  Reply reply;
  if (result.contains("structured_output") && result["structured_output"].is_object()) {
    reply.structured = result["structured_output"];
    text = dump_json(*reply.structured);
  }
  reply.text = std::move(text);
  const auto turns = integer_at(result, "num_turns");
  reply.stop = !context.wants_schema && turns > 1 ? StopReason::max_tokens
                                                  : stop_reason_from(string_at(result, "stop_reason"));
  add_usage(reply, result);
  const json& models = object_at(result, "modelUsage");
  reply.model = !models.empty() ? models.begin().key() : context.model;
  return reply;
}

}  // namespace

Outcome<Reply> parse_claude_cli_output(std::string_view out_in, int exit_code, std::string_view err_in,
                                       const CallContext& context) {
  // What a child printed may hold any bytes; the answer and our messages must be valid UTF-8.
  const std::string out = valid_utf8(out_in);
  const std::string err = valid_utf8(err_in);
  const json result = result_object(out);
  if (!result.is_object()) return no_result(exit_code, err, out, context);
  const std::string text = string_at(result, "result");
  int status = static_cast<int>(integer_at(result, "api_error_status"));
  const bool api_error_text = text.rfind("API Error", 0) == 0;
  if (status == 0 && api_error_text) status = status_in(text);
  if (bool_at(result, "is_error") || status != 0 || api_error_text || string_at(result, "subtype") != "success") {
    return error_result(result, text, status, context);
  }
  // Older CLIs print the limit banner as if the model had answered it.
  if (!result.contains("structured_output") && is_limit_banner(text)) {
    return limit_failure(result, text, context.endpoint + ": " + shorten(text));
  }
  Reply reply = success_reply(result, text, context);
  if (reply.text.empty()) return Failure::transient(FailureCode::server_error, context.endpoint + " returned an empty result");
  // With --json-schema the CLI ends "success" with a short text ("Done.") when the model kept
  // failing its schema: no answer (the backend asks once more without the schema). A text with an
  // object in it is an answer for the pipeline's reader.
  if (context.wants_schema && !reply.structured && reply.text.find('{') == std::string::npos) {
    return Failure::transient(gave_up_code, context.endpoint +
                                                " ended without the structured output the schema asks "
                                                "for, saying: " +
                                                shorten(reply.text));
  }
  // A refusal or a request for the material is an answer the pipeline reads as such.
  return reply;
}

bool gave_up_on_schema(const Failure& failure) { return failure.code == gave_up_code; }

void add_spent(Reply& reply, std::string_view out) {
  const json result = result_object(valid_utf8(out));
  if (result.is_object()) add_usage(reply, result);
}

}  // namespace ytm::model
