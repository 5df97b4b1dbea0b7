#include "model/http_api.hpp"

#include <algorithm>
#include <cctype>

#include <spdlog/spdlog.h>

#include "core/text.hpp"
#include "core/utf8.hpp"
#include "model/pricing.hpp"
#include "model/usage_limit.hpp"

namespace ytm::model {

using nlohmann::json;

namespace {

std::string text_field(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return "";
}

const json* field(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

}  // namespace

std::string string_at(const json& object, const char* key) {
  const json* value = field(object, key);
  return value && value->is_string() ? value->get<std::string>() : std::string();
}

std::int64_t integer_at(const json& object, const char* key) {
  const json* value = field(object, key);
  return value && value->is_number_integer() ? value->get<std::int64_t>() : 0;
}

bool bool_at(const json& object, const char* key) {
  const json* value = field(object, key);
  return value && value->is_boolean() && value->get<bool>();
}

const json& object_at(const json& object, const char* key) {
  static const json empty = json::object();
  const json* value = field(object, key);
  return value && value->is_object() ? *value : empty;
}

ApiError read_api_error(int status, std::string_view body) {
  ApiError error{status, "", "", ""};
  const json parsed = json::parse(valid_utf8(body), nullptr, false);
  const json* detail = nullptr;
  if (parsed.is_object() && parsed.contains("error")) detail = &parsed["error"];
  if (detail && detail->is_string()) {
    error.message = detail->get<std::string>();
  } else if (detail && detail->is_object()) {
    error.type = text_field(*detail, "type");
    error.code = text_field(*detail, "code");
    if (detail->contains("details")) {
      const std::string inner = text_field((*detail)["details"], "error_code");
      if (!inner.empty()) error.code = inner;
    }
    error.message = text_field(*detail, "message");
  } else if (parsed.is_object()) {
    error.message = text_field(parsed, "message");
  }
  if (error.message.empty()) error.message = shorten(body, 200);
  return error;
}

Failure status_failure(const ApiError& error, std::optional<std::chrono::seconds> retry_after,
                       const CallContext& context, ErrorSigns signs) {
  const int status = error.status;
  std::string said = context.endpoint + " answered " + std::to_string(status);
  if (!error.type.empty()) said += " " + error.type;
  if (!error.message.empty()) said += ": " + shorten(error.message);
  if (signs.context_too_long) {
    return Failure::permanent(FailureCode::context_too_long, said + " (the part is split and sent again)");
  }
  if (signs.billing) {
    return Failure::paused(FailureCode::billing, said +
                                          "; model work is paused until the account has credit or its spend "
                                          "limit is raised");
  }
  if (status == 401 || status == 403) {
    return Failure::paused(FailureCode::auth, said + "; check the key in the environment variable " + context.key_env +
                                       " (model.api_key_env) and its permissions");
  }
  if (status == 429 && retry_after && *retry_after > pause_beyond) {
    const UnixTime now = now_unix();
    return usage_limit_failure(said, now + retry_after->count(), now);
  }
  if (status == 429) return Failure::transient(FailureCode::rate_limited, said, retry_after);
  if (status == 503 || status == 529) return Failure::transient(FailureCode::overloaded, said, retry_after);
  if (status == 408) return Failure::transient(FailureCode::timeout, said);
  if (status >= 500) return Failure::transient(FailureCode::server_error, said, retry_after);
  if (status == 404) return Failure::permanent(FailureCode::bad_request, said + "; check model.name and model.base_url");
  return Failure::permanent(FailureCode::bad_request, said);
}

Outcome<json> answer_object(std::string_view body, const CallContext& context) {
  // A server's bytes that are not UTF-8 become U+FFFD, so the answer's text is always valid.
  json answer = json::parse(valid_utf8(body), nullptr, false);
  if (answer.is_object()) return answer;
  return Failure::transient(
      FailureCode::server_error, context.endpoint + " answered 200 with a body that is not a JSON object: " + shorten(body, 120));
}

void note_reply(Outcome<Reply>& reply, std::chrono::steady_clock::time_point started, const std::string& label,
                const std::string& backend) {
  if (!reply) return;
  reply->elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  spdlog::debug("{}: {} answered in {} ms, {} tokens in, {} out, ${:.4f}{}", label, backend, reply->elapsed.count(),
                reply->input_tokens, reply->output_tokens, reply->cost_usd, reply->truncated() ? ", cut off" : "");
}

void price_reply(Reply& reply, const CallContext& context) {
  const Cost cost = call_cost(reply.model, context.prices, reply.input_tokens, reply.output_tokens, context.batched);
  reply.cost_usd = cost.paid_usd;
  reply.list_cost_usd = cost.list_usd;
}

Failure transport_failure(const Failure& failure, const CallContext& context) {
  const std::string what = context.endpoint + ": " + failure.message;
  if (failure.code == FailureCode::timeout) {
    return Failure::transient(FailureCode::timeout, what + " (model.timeout; a long chunk may need a longer timeout)");
  }
  if (failure.code == FailureCode::bad_url) return Failure::permanent(FailureCode::bad_request, what + "; check model.base_url");
  if (failure.code == FailureCode::body_too_large) return Failure::permanent(FailureCode::invalid_output, what);
  return Failure::transient(FailureCode::network, what);
}

json schema_for_model(const json& schema) {
  json copy = schema;
  if (copy.is_object()) copy.erase("$schema");
  return copy;
}

std::string dump_json(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

bool mentions(std::string_view text, std::initializer_list<std::string_view> needles) {
  const std::string lower = ascii_lower(text);
  return std::any_of(needles.begin(), needles.end(),
                     [&](std::string_view needle) { return lower.find(ascii_lower(needle)) != std::string::npos; });
}

std::string shorten(std::string_view raw, std::size_t max) {
  std::string out = valid_utf8(raw);
  const bool cut = out.size() > max;
  out.resize(utf8_prefix_length(out, max));
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return cut ? out + "…" : out;
}

std::string key_variable(const std::string& configured, const char* fallback) {
  return configured.empty() ? fallback : configured;
}

}  // namespace ytm::model
