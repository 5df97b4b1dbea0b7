// The claude CLI's argv, environment and the reading of its JSON result. The result shapes are
// the ones claude 2.1.328 printed against tests/fakes/fake_model (trimmed to the fields we read).
#include <catch2/catch.hpp>

#include <ctime>

#include "model/claude_cli.hpp"

using namespace ytm;
using namespace ytm::model;
using nlohmann::json;

namespace {

CallContext context(bool wants_schema = false) {
  return {"claude-sonnet-4-5", wants_schema, "ANTHROPIC_API_KEY", "claude"};
}

std::string success(const std::string& result, int turns = 1, const std::string& stop = "end_turn") {
  return json{{"type", "result"},
              {"subtype", "success"},
              {"is_error", false},
              {"num_turns", turns},
              {"stop_reason", stop},
              {"api_error_status", nullptr},
              {"result", result},
              {"total_cost_usd", 0.002205},
              {"usage",
               {{"input_tokens", 455},
                {"cache_creation_input_tokens", 10},
                {"cache_read_input_tokens", 5},
                {"output_tokens", 56}}},
              {"modelUsage", {{"claude-sonnet-4-5-20250929", {{"inputTokens", 455}}}}}}
      .dump();
}

// What the CLI prints when the API refused: exit code 1, is_error, and (mostly) the status.
std::string api_error(const std::string& result, json status, const std::string& terminal = "api_error") {
  return json{{"type", "result"},
              {"subtype", "success"},
              {"is_error", true},
              {"num_turns", 1},
              {"stop_reason", "stop_sequence"},
              {"api_error_status", status},
              {"terminal_reason", terminal},
              {"result", result},
              {"total_cost_usd", 0},
              {"usage", {{"input_tokens", 0}, {"output_tokens", 0}}}}
      .dump();
}

Outcome<Reply> parse(const std::string& out, int exit_code = 0, const std::string& err = "", bool schema = false) {
  return parse_claude_cli_output(out, exit_code, err, context(schema));
}

void check_failure(const Outcome<Reply>& reply, FailureKind kind, FailureCode code) {
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.failure().code == code);
  CHECK(reply.failure().kind == kind);
}

}  // namespace

TEST_CASE(
    "claude-cli argv: print mode, JSON output, our system prompt, no tools, no session - schema without $schema") {
  config::ModelSettings settings;
  settings.command = "/opt/claude";
  settings.name = "claude-haiku-4-5";
  Request request;
  request.system = "You translate.";
  request.prompt = "TASK: translate";
  const std::vector<std::string> expected{"/opt/claude",
                                          "-p",
                                          "--output-format",
                                          "json",
                                          "--model",
                                          "claude-haiku-4-5",
                                          "--system-prompt",
                                          "You translate.",
                                          "--tools",
                                          "",
                                          "--no-session-persistence"};
  CHECK(claude_cli_argv(settings, request) == expected);

  request.schema = json::parse(R"({"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"})");
  auto argv = claude_cli_argv(settings, request);
  REQUIRE(argv.size() == expected.size() + 2);
  CHECK(argv[argv.size() - 2] == "--json-schema");
  CHECK(json::parse(argv.back()) == json::parse(R"({"type":"object"})"));

  request.system.clear();  // never let the CLI fall back to its own 28 KB agent prompt
  argv = claude_cli_argv(settings, request);
  CHECK_FALSE(argv[7].empty());
}

TEST_CASE("claude-cli environment: the output limit of the request, defaults, and extra variables last") {
  Request request;
  request.max_output_tokens = 8000;
  auto env = claude_cli_env(request, {{"ANTHROPIC_BASE_URL", "http://127.0.0.1:9"}, {"CLAUDE_CODE_MAX_RETRIES", "0"}});
  REQUIRE(env.size() >= 3);
  CHECK(env.front() == std::pair<std::string, std::string>{"CLAUDE_CODE_MAX_OUTPUT_TOKENS", "8000"});
  CHECK(env[env.size() - 2].first == "ANTHROPIC_BASE_URL");
  CHECK(env.back() == std::pair<std::string, std::string>{"CLAUDE_CODE_MAX_RETRIES", "0"});
}

TEST_CASE("claude-cli result: text, usage with cache tokens, the CLI's cost and the model it used") {
  auto reply = parse(success("[0:00] 〔zh-CN〕 你好"));
  REQUIRE(reply.ok());
  CHECK(reply->text == "[0:00] 〔zh-CN〕 你好");
  CHECK(reply->input_tokens == 470);
  CHECK(reply->output_tokens == 56);
  CHECK(reply->cost_usd == Approx(0.002205));
  CHECK(reply->model == "claude-sonnet-4-5-20250929");
  CHECK_FALSE(reply->truncated());
  // A log line before the result does not hide it.
  CHECK(parse("warning: something\n" + success("ok")).ok());
}

TEST_CASE(
    "claude-cli result: structured_output with --json-schema - without it a text with an object goes to the reader") {
  json out = json::parse(success("{\"tldr\":\"x\"}", 2, "tool_use"));
  out["structured_output"] = {{"tldr", "x"}};
  auto reply = parse(out.dump(), 0, "", true);
  REQUIRE(reply.ok());
  REQUIRE(reply->structured);
  CHECK((*reply->structured)["tldr"] == "x");
  CHECK_FALSE(reply->truncated());  // two turns are normal with a schema

  auto unstructured = parse(success("Here it is: {broken", 3), 0, "", true);
  REQUIRE(unstructured.ok());
  CHECK_FALSE(unstructured->structured);
  CHECK(unstructured->text == "Here it is: {broken");
}

TEST_CASE("claude-cli result: cut off by the output limit is truncated, also when the CLI resumed on its own") {
  auto stopped = parse(success("[0:00] half", 1, "max_tokens"));
  REQUIRE(stopped.ok());
  CHECK(stopped->truncated());
  // The CLI asks the model to resume after max_tokens and then reports only the last part.
  auto resumed = parse(success("…second half", 2, "end_turn"));
  REQUIRE(resumed.ok());
  CHECK(resumed->truncated());
  // One turn: the result's stop_reason as it is, none when the result has none.
  auto finished = parse(success("[0:00] all", 1, "end_turn"));
  REQUIRE(finished.ok());
  CHECK(finished->stop == ytm::model::StopReason::end_turn);
  auto unsaid = parse(success("[0:00] half", 1, ""));
  REQUIRE(unsaid.ok());
  CHECK(unsaid->stop == ytm::model::StopReason::none);
}

TEST_CASE("claude-cli API errors map by api_error_status, not by the exit code") {
  check_failure(parse(api_error("API Error: 529 Overloaded. This is a server-side issue", 529), 1),
                FailureKind::transient, ytm::FailureCode::overloaded);
  check_failure(parse(api_error("API Error: 500 Internal server error.", 500), 1), FailureKind::transient,
                ytm::FailureCode::server_error);
  check_failure(parse(api_error("API Error: Request rejected (429) · Number of request tokens has exceeded your "
                                "per-minute rate limit",
                                429),
                      1),
                FailureKind::transient, ytm::FailureCode::rate_limited);
  check_failure(parse(api_error("API Error: Request rejected (429) · You have reached your specified API usage "
                                "limits. You will regain access on 2026-12-01 at 00:00 UTC.",
                                429),
                      1),
                FailureKind::paused, ytm::FailureCode::billing);
  check_failure(parse(api_error("Invalid API key · Fix external API key", 401), 1), FailureKind::paused, ytm::FailureCode::auth);
  check_failure(
      parse(api_error("Prompt is too long · the request is ~455 tokens (limit 100)", 400, "prompt_too_long"), 1),
      FailureKind::permanent, ytm::FailureCode::context_too_long);
  check_failure(parse(api_error("API Error: 400 max_tokens: too large", 400), 1), FailureKind::permanent,
                ytm::FailureCode::bad_request);
  // Exit code 0, no is_error, no status: the text still says what happened.
  check_failure(parse(success("API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}")),
                FailureKind::transient, ytm::FailureCode::overloaded);
}

TEST_CASE("claude-cli login and subscription limits pause the model stage") {
  check_failure(parse(api_error("Not logged in · Please run /login", nullptr), 1), FailureKind::paused, ytm::FailureCode::auth);
  const auto reset = std::time(nullptr) + 3600;
  auto limit = parse(api_error("Claude AI usage limit reached|" + std::to_string(reset), nullptr), 1);
  check_failure(limit, FailureKind::paused, ytm::FailureCode::usage_limit);
  REQUIRE(limit.failure().retry_after);
  CHECK(limit.failure().retry_after->count() > 3500);
  CHECK(limit.failure().retry_after->count() <= 3600);
  check_failure(parse(api_error("Credit balance is too low", nullptr), 1), FailureKind::paused, ytm::FailureCode::billing);
}

TEST_CASE("claude-cli: empty results, a schema answered without structured output and error subtypes are failures") {
  check_failure(parse(success("")), FailureKind::transient, ytm::FailureCode::server_error);
  // A request for the material is an answer; the pipeline recognises it as no translation.
  const auto asks =
      parse(success("I'd be happy to translate it! Please provide the transcript you would like me to "
                    "translate."));
  REQUIRE(asks.ok());
  CHECK_THAT(asks->text, Catch::Contains("Please provide the transcript"));
  // The CLI gave up on the schema and said "Done.": tried again with the original request.
  const auto gave_up = parse(success("Done."), 0, "", true);
  check_failure(gave_up, FailureKind::transient, ytm::FailureCode::no_structured_output);
  CHECK_THAT(gave_up.failure().message, Catch::Contains("Done."));
  json retries = json::parse(api_error("", nullptr));
  retries["subtype"] = "error_max_structured_output_retries";
  check_failure(parse(retries.dump(), 1, "", true), FailureKind::permanent, ytm::FailureCode::invalid_output);
  json during = json::parse(api_error("", nullptr));
  during["subtype"] = "error_during_execution";
  check_failure(parse(during.dump(), 1), FailureKind::transient, ytm::FailureCode::server_error);
}

TEST_CASE("claude-cli without a JSON result: rejected arguments, login, crashes") {
  check_failure(parse("", 1, "Error: --json-schema is not a valid JSON Schema: no schema with key or ref"),
                FailureKind::permanent, ytm::FailureCode::bad_request);
  check_failure(parse("", 1, "Invalid API key · Please run /login"), FailureKind::paused, ytm::FailureCode::auth);
  auto crash = parse("", 134, "FATAL ERROR: Reached heap limit Allocation failed");
  check_failure(crash, FailureKind::transient, ytm::FailureCode::server_error);
  CHECK_THAT(crash.failure().message, Catch::Contains("134") && Catch::Contains("heap limit"));
  check_failure(parse("not json at all", 0), FailureKind::transient, ytm::FailureCode::server_error);
}

TEST_CASE("claude-cli: a result holding bytes that are not UTF-8 is read, its text repaired") {
  const std::string fffd = "\xEF\xBF\xBD";
  auto reply = parse(
      "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"num_turns\":1,"
      "\"result\":\"caf\xE9 \xFF\xFE\"}");
  REQUIRE(reply.ok());
  CHECK(reply->text == "caf" + fffd + " " + fffd + fffd);
  auto died = parse("", 1, "Error: \xFF broken pipe");
  REQUIRE_FALSE(died.ok());
  CHECK_THAT(died.failure().message, Catch::Contains("Error: " + fffd + " broken pipe"));
}
