// Request bodies and the reading of answers of the two HTTP APIs, every failure kind included.
#include <catch2/catch.hpp>

#include "model/anthropic.hpp"
#include "model/openai.hpp"
#include "model/pricing.hpp"

using namespace ytm;
using namespace ytm::model;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const json schema = json::parse(R"({"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
  "additionalProperties":false,"required":["tldr"],"properties":{"tldr":{"type":"string"}}})");

CallContext context(bool wants_schema = false) {
  return {"claude-sonnet-4-5", wants_schema, "MY_KEY_VAR", "the test API"};
}

Request request(bool with_schema = false) {
  Request r;
  r.system = "You translate.";
  r.prompt = "TASK: translate";
  r.max_output_tokens = 1234;
  if (with_schema) r.schema = schema;
  return r;
}

void check_failure(const Outcome<Reply>& reply, FailureKind kind, FailureCode code) {
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.failure().code == code);
  CHECK(reply.failure().kind == kind);
  CHECK_FALSE(reply.failure().message.empty());
}

Outcome<Reply> anthropic(int status, const std::string& body, std::optional<std::chrono::seconds> retry = {}) {
  return parse_anthropic_response(status, body, retry, context());
}

Outcome<Reply> openai(int status, const std::string& body, std::optional<std::chrono::seconds> retry = {},
                      bool wants_schema = false) {
  return parse_openai_response(status, body, retry, context(wants_schema));
}

std::string anthropic_error(const std::string& type, const std::string& message, const std::string& code = "") {
  json error{{"type", "error"}, {"error", {{"type", type}, {"message", message}}}};
  if (!code.empty()) error["error"]["details"] = {{"error_code", code}};
  return error.dump();
}

std::string openai_error(const std::string& type, const std::string& message, const std::string& code = "") {
  return json{{"error", {{"type", type}, {"message", message}, {"code", code.empty() ? json() : json(code)}}}}.dump();
}

}  // namespace

TEST_CASE("anthropic request: system, one user message, max_tokens - a schema becomes a forced tool") {
  json plain = anthropic_request_body("claude-haiku-4-5", request());
  CHECK(plain["model"] == "claude-haiku-4-5");
  CHECK(plain["max_tokens"] == 1234);
  CHECK(plain["system"] == "You translate.");
  CHECK(plain["messages"] == json::parse(R"([{"role":"user","content":"TASK: translate"}])"));
  CHECK_FALSE(plain.contains("tools"));

  json structured = anthropic_request_body("claude-haiku-4-5", request(true));
  REQUIRE(structured["tools"].size() == 1);
  CHECK(structured["tools"][0]["name"] == "StructuredOutput");
  CHECK(structured["tools"][0]["input_schema"]["required"] == json::array({"tldr"}));
  CHECK_FALSE(structured["tools"][0]["input_schema"].contains("$schema"));
  CHECK(structured["tool_choice"] == json::parse(R"({"type":"tool","name":"StructuredOutput"})"));
}

TEST_CASE("anthropic answer: text, usage with cache tokens, model and an estimated cost") {
  auto reply = anthropic(200, R"({"type":"message","model":"claude-sonnet-4-5-20250929","stop_reason":"end_turn",
    "content":[{"type":"text","text":"[0:00] 你好"},{"type":"text","text":" 世界"}],
    "usage":{"input_tokens":900,"cache_read_input_tokens":100,"output_tokens":100}})");
  REQUIRE(reply.ok());
  CHECK(reply->text == "[0:00] 你好 世界");
  CHECK(reply->input_tokens == 1000);
  CHECK(reply->output_tokens == 100);
  CHECK(reply->model == "claude-sonnet-4-5-20250929");
  CHECK(reply->cost_usd == Approx(0.0045));  // $3 and $15 per million
  CHECK_FALSE(reply->truncated());
  CHECK_FALSE(reply->structured);
}

TEST_CASE("anthropic answer: the forced tool's input is the structured output") {
  auto reply = parse_anthropic_response(200, R"({"stop_reason":"tool_use","content":[{"type":"tool_use","id":"t",
    "name":"StructuredOutput","input":{"tldr":"short"}}],"usage":{"input_tokens":5,"output_tokens":3}})",
                                        std::nullopt, context(true));
  REQUIRE(reply.ok());
  REQUIRE(reply->structured);
  CHECK((*reply->structured)["tldr"] == "short");
  CHECK(json::parse(reply->text) == *reply->structured);
  CHECK(reply->model == "claude-sonnet-4-5");  // the answer did not name one
}

TEST_CASE("anthropic answer: stopped by max_tokens is truncated - odd answers are failures, never exceptions") {
  auto cut = anthropic(200, R"({"stop_reason":"max_tokens","content":[{"type":"text","text":"[0:00] half"}]})");
  REQUIRE(cut.ok());
  CHECK(cut->truncated());
  CHECK(cut->stop == ytm::model::StopReason::max_tokens);
  // Some servers stop at an output limit and say end_turn or nothing: the pipeline needs to know which.
  auto silent = anthropic(200, R"({"stop_reason":null,"content":[{"type":"text","text":"[0:00] half"}]})");
  REQUIRE(silent.ok());
  CHECK(silent->stop == ytm::model::StopReason::none);
  CHECK_FALSE(silent->truncated());
  auto paused = anthropic(200, R"({"stop_reason":"pause_turn","content":[{"type":"text","text":"[0:00] half"}]})");
  REQUIRE(paused.ok());
  CHECK(paused->stop == ytm::model::StopReason::other);
  auto finished = anthropic(200, R"({"stop_reason":"end_turn","content":[{"type":"text","text":"[0:00] all"}]})");
  REQUIRE(finished.ok());
  CHECK(finished->stop == ytm::model::StopReason::end_turn);
  check_failure(anthropic(200, R"({"stop_reason":"refusal","content":[]})"), FailureKind::permanent, ytm::FailureCode::invalid_output);
  check_failure(anthropic(200, "<html>proxy</html>"), FailureKind::transient, ytm::FailureCode::server_error);
  check_failure(anthropic(200, R"({"stop_reason":null,"usage":null,"content":null})"), FailureKind::transient,
                ytm::FailureCode::server_error);
  check_failure(anthropic(200, R"({"stop_reason":"end_turn","content":[{"type":"text","text":null}]})"),
                FailureKind::transient, ytm::FailureCode::server_error);
}

TEST_CASE("anthropic errors map to the backend failure kinds") {
  check_failure(
      anthropic(400, anthropic_error("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum")),
      FailureKind::permanent, ytm::FailureCode::context_too_long);
  check_failure(anthropic(413, anthropic_error("request_too_large", "Request exceeds the maximum size")),
                FailureKind::permanent, ytm::FailureCode::context_too_long);
  check_failure(
      anthropic(400, anthropic_error("invalid_request_error", "Your credit balance is too low to access the API")),
      FailureKind::paused, ytm::FailureCode::billing);
  check_failure(anthropic(400, anthropic_error("invalid_request_error", "max_tokens: must be positive")),
                FailureKind::permanent, ytm::FailureCode::bad_request);
  check_failure(anthropic(404, anthropic_error("not_found_error", "model: claude-nope")), FailureKind::permanent,
                ytm::FailureCode::bad_request);
  check_failure(anthropic(403, anthropic_error("permission_error", "not allowed")), FailureKind::paused, ytm::FailureCode::auth);
  check_failure(anthropic(500, anthropic_error("api_error", "Internal server error")), FailureKind::transient,
                ytm::FailureCode::server_error);
  check_failure(anthropic(502, "<html>Bad Gateway</html>"), FailureKind::transient, ytm::FailureCode::server_error);
  check_failure(anthropic(529, anthropic_error("overloaded_error", "Overloaded")), FailureKind::transient,
                ytm::FailureCode::overloaded);

  auto auth = anthropic(401, anthropic_error("authentication_error", "invalid x-api-key"));
  check_failure(auth, FailureKind::paused, ytm::FailureCode::auth);
  CHECK_THAT(auth.failure().message, Catch::Contains("MY_KEY_VAR") && Catch::Contains("invalid x-api-key"));

  auto limited = anthropic(429, anthropic_error("rate_limit_error", "slow down"), 7s);
  check_failure(limited, FailureKind::transient, ytm::FailureCode::rate_limited);
  CHECK(limited.failure().retry_after == 7s);

  auto spent = anthropic(
      429, anthropic_error("rate_limit_error", "You have reached your specified limit", "enforced_spend_limit_reached"),
      60s);
  check_failure(spent, FailureKind::paused, ytm::FailureCode::billing);
}

TEST_CASE("openai request: system and user messages, strict json_schema - the dialect follows the server") {
  json body = openai_request_body("qwen2.5:7b", request(true), {});
  CHECK(body["model"] == "qwen2.5:7b");
  CHECK(body["messages"] == json::parse(R"([{"role":"system","content":"You translate."},
                                            {"role":"user","content":"TASK: translate"}])"));
  CHECK(body["max_tokens"] == 1234);
  CHECK(body["temperature"] == 0.2);
  CHECK(body["response_format"]["type"] == "json_schema");
  CHECK(body["response_format"]["json_schema"]["strict"] == true);
  CHECK_FALSE(body["response_format"]["json_schema"]["schema"].contains("$schema"));
  CHECK_FALSE(openai_request_body("m", request(false), {}).contains("response_format"));

  OpenAiDialect dialect;
  auto next = openai_dialect_after(
      400,
      openai_error(
          "invalid_request_error",
          "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."),
      dialect);
  REQUIRE(next);
  CHECK(next->max_completion_tokens);
  json newer = openai_request_body("gpt-5", request(), *next);
  CHECK(newer["max_completion_tokens"] == 1234);
  CHECK_FALSE(newer.contains("max_tokens"));

  next = openai_dialect_after(
      400,
      openai_error("invalid_request_error", "Unsupported value: 'temperature' does not support 0.2 with this model."),
      *next);
  REQUIRE(next);
  CHECK_FALSE(openai_request_body("gpt-5", request(), *next).contains("temperature"));

  next = openai_dialect_after(400, openai_error("invalid_request_error", "Invalid schema for response_format 'answer'"),
                              *next);
  REQUIRE(next);
  CHECK_FALSE(openai_request_body("gpt-5", request(true), *next).contains("response_format"));
  // Nothing left to drop, or not a 400: the answer stands.
  CHECK_FALSE(
      openai_dialect_after(400, openai_error("invalid_request_error", "Invalid schema for response_format"), *next));
  CHECK_FALSE(openai_dialect_after(500, openai_error("server_error", "response_format broke"), {}));
}

TEST_CASE("openai answer: content, usage, structured JSON, thinking dropped") {
  auto reply = openai(200, R"({"model":"qwen3:8b","choices":[{"index":0,"finish_reason":"stop",
    "message":{"role":"assistant","content":"<think>\nhmm\n</think>\n\n{\"tldr\":\"ok\"}"}}],
    "usage":{"prompt_tokens":120,"completion_tokens":8}})",
                      std::nullopt, true);
  REQUIRE(reply.ok());
  CHECK(reply->text == R"({"tldr":"ok"})");
  REQUIRE(reply->structured);
  CHECK((*reply->structured)["tldr"] == "ok");
  CHECK(reply->input_tokens == 120);
  CHECK(reply->output_tokens == 8);
  CHECK(reply->model == "qwen3:8b");
  CHECK(reply->cost_usd == 0);  // a local model

  auto not_json = openai(200, R"({"choices":[{"finish_reason":"stop","message":{"content":"Sure! {broken"}}]})",
                         std::nullopt, true);
  REQUIRE(not_json.ok());  // the caller asks for a repair with the text
  CHECK(not_json->text == "Sure! {broken");
  CHECK_FALSE(not_json->structured);
}

TEST_CASE("openai answer: finish_reason length is truncated - filtered, refused or empty answers fail") {
  auto cut = openai(200, R"({"choices":[{"finish_reason":"length","message":{"content":"[0:00] half"}}]})");
  REQUIRE(cut.ok());
  CHECK(cut->truncated());
  CHECK(cut->stop == ytm::model::StopReason::max_tokens);
  auto silent = openai(200, R"({"choices":[{"finish_reason":null,"message":{"content":"[0:00] half"}}]})");
  REQUIRE(silent.ok());
  CHECK(silent->stop == ytm::model::StopReason::none);
  auto finished = openai(200, R"({"choices":[{"finish_reason":"stop","message":{"content":"[0:00] all"}}]})");
  REQUIRE(finished.ok());
  CHECK(finished->stop == ytm::model::StopReason::end_turn);
  check_failure(openai(200, R"({"choices":[{"finish_reason":"content_filter","message":{"content":""}}]})"),
                FailureKind::permanent, ytm::FailureCode::invalid_output);
  check_failure(openai(200, R"({"choices":[{"finish_reason":"stop","message":{"content":null,"refusal":"I can't"}}]})"),
                FailureKind::permanent, ytm::FailureCode::invalid_output);
  check_failure(openai(200, R"({"choices":[]})"), FailureKind::transient, ytm::FailureCode::server_error);
  check_failure(openai(200, R"({"choices":[{"finish_reason":"stop","message":{"content":null}}]})"),
                FailureKind::transient, ytm::FailureCode::server_error);
  check_failure(openai(200, "not json"), FailureKind::transient, ytm::FailureCode::server_error);
}

TEST_CASE("openai errors (OpenAI, llama.cpp, Ollama, vLLM) map to the backend failure kinds") {
  check_failure(
      openai(400, R"({"error":{"code":400,"message":"the request exceeds the available context size, try increasing it",
    "type":"exceed_context_size_error","n_prompt_tokens":5000,"n_ctx":4096}})"),
      FailureKind::permanent, ytm::FailureCode::context_too_long);
  check_failure(
      openai(400, openai_error("invalid_request_error", "This model's maximum context length is 128000 tokens.",
                               "context_length_exceeded")),
      FailureKind::permanent, ytm::FailureCode::context_too_long);
  check_failure(openai(400, openai_error("invalid_request_error", "messages: field required")), FailureKind::permanent,
                ytm::FailureCode::bad_request);
  auto missing = openai(404, R"({"error":"model \"qwen9\" not found, try pulling it first"})");
  check_failure(missing, FailureKind::permanent, ytm::FailureCode::bad_request);
  CHECK_THAT(missing.failure().message, Catch::Contains("qwen9") && Catch::Contains("model.name"));
  check_failure(openai(401, openai_error("invalid_request_error", "Incorrect API key provided", "invalid_api_key")),
                FailureKind::paused, ytm::FailureCode::auth);
  check_failure(
      openai(429, openai_error("insufficient_quota", "You exceeded your current quota", "insufficient_quota")),
      FailureKind::paused, ytm::FailureCode::billing);
  auto limited = openai(429, openai_error("rate_limit_error", "Rate limit reached"), 3s);
  check_failure(limited, FailureKind::transient, ytm::FailureCode::rate_limited);
  CHECK(limited.failure().retry_after == 3s);
  check_failure(openai(503, R"({"error":{"code":503,"message":"Loading model","type":"unavailable_error"}})"),
                FailureKind::transient, ytm::FailureCode::overloaded);
  check_failure(openai(500, openai_error("server_error", "boom")), FailureKind::transient, ytm::FailureCode::server_error);
}

TEST_CASE("prices: known families by prefix, aliases, and 0 for local or unknown models") {
  CHECK(estimate_cost_usd("claude-sonnet-4-5-20250929", 1'000'000, 0) == Approx(3));
  CHECK(estimate_cost_usd("claude-opus-4-5", 0, 1'000'000) == Approx(25));
  CHECK(estimate_cost_usd("claude-opus-4-1", 0, 1'000'000) == Approx(75));
  CHECK(estimate_cost_usd("gpt-4o-mini", 1'000'000, 1'000'000) == Approx(0.75));
  CHECK(estimate_cost_usd("sonnet", 1'000'000, 0) == Approx(3));
  CHECK(estimate_cost_usd("llama3.1:8b", 1'000'000, 1'000'000) == 0);
  CHECK(estimate_cost_usd("gpt-oss:20b", 1'000'000, 1'000'000) == 0);
}

TEST_CASE("an answer holding bytes that are not UTF-8 is read, its text repaired, on both HTTP APIs") {
  const std::string fffd = "\xEF\xBF\xBD";
  auto local = openai(200, "{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"content\":\"caf\xE9 \xFF\"}}]}");
  REQUIRE(local.ok());
  CHECK(local->text == "caf" + fffd + " " + fffd);
  auto claude = anthropic(200,
                          "{\"model\":\"claude-sonnet-4-5\",\"stop_reason\":\"end_turn\",\"content\":[{\"type\":"
                          "\"text\",\"text\":\"ok \xFE\"}],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}");
  REQUIRE(claude.ok());
  CHECK(claude->text == "ok " + fffd);
  auto refused = openai(500, "Internal \xFF error");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.failure().message.find('\xFF') == std::string::npos);
  CHECK_THAT(refused.failure().message, Catch::Contains("Internal " + fffd + " error"));
}
