// The claude-cli backend running the real claude CLI (pinned in tests/node, installed by `make test`)
// against tests/fakes/fake_model on loopback. Each run of the CLI costs one to two seconds.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "fake_model_fixture.hpp"
#include "model/backend.hpp"
#include "model/usage_limit.hpp"
#include "model_test_data.hpp"
#include "support/temp_dir.hpp"

using namespace ytm;
using namespace ytm::model;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::filesystem::path claude_path = std::filesystem::path(YTM_SOURCE_DIR) / "tests/node/node_modules/.bin/claude";

struct CliRun {
  test::FakeModel fake;
  test::TempDir home;
  config::ModelSettings settings;
  std::vector<std::pair<std::string, std::string>> env;

  CliRun() {
    if (!std::filesystem::exists(claude_path)) {
      FAIL("the claude CLI is not installed at "
           << claude_path.string() << ": run `make test`, which installs it (npm ci --prefix tests/node)");
    }
    settings.backend = config::ModelBackend::claude_cli;
    settings.command = claude_path.string();
    settings.name = "claude-sonnet-4-5";
    settings.timeout = 60s;
    env = {{"ANTHROPIC_BASE_URL", fake.base_url()},
           {"ANTHROPIC_API_KEY", "test"},
           {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"},
           {"HOME", home.path().string()},
           {"CLAUDE_CONFIG_DIR", (home.path() / ".claude").string()}};
  }

  Outcome<Reply> complete(Request request, std::vector<std::pair<std::string, std::string>> more_env = {}) {
    boost::asio::io_context io;
    BackendOptions options{env};
    options.extra_env.insert(options.extra_env.end(), more_env.begin(), more_env.end());
    auto backend = make_backend(io.get_executor(), settings, std::move(options));
    return test::run_coroutine(io, backend->complete(std::move(request)));
  }
};

Request translate_request() {
  Request request;
  request.system = "You translate transcripts faithfully. (ytmonitor test system prompt)";
  request.prompt = test::translate_prompt;
  request.max_output_tokens = 4000;
  request.label = "cli translate";
  return request;
}

}  // namespace

TEST_CASE(
    "claude-cli: the real CLI answers through the stand-in with our system prompt, no tools, in a scratch folder") {
  CliRun cli;
  auto reply = cli.complete(translate_request());
  REQUIRE(reply.ok());
  CHECK(reply->text == test::whole_translation);
  CHECK_FALSE(reply->truncated());
  CHECK(reply->input_tokens > 100);
  CHECK(reply->output_tokens > 10);
  CHECK(reply->cost_usd > 0);  // the CLI's own price for the tokens
  CHECK(reply->model == "claude-sonnet-4-5");

  const json stats = cli.fake.stats();
  CHECK(stats["total"] == 1);
  CHECK(stats["calls"]["translate"] == 1);
  for (const auto& [path, count] : stats["paths"].items()) {
    INFO("the CLI called " << path);
    CHECK((path == "POST /v1/messages" || path.find(" /_control/") != std::string::npos));
  }
  const json& last = stats["last"];
  CHECK(last["path"] == "/v1/messages?beta=true");
  CHECK(last["stream"] == true);
  CHECK(last["max_tokens"] == 4000);  // the request's limit, through CLAUDE_CODE_MAX_OUTPUT_TOKENS
  CHECK_THAT(last["system"].get<std::string>(), Catch::Contains("(ytmonitor test system prompt)"));
  CHECK(stats["max_system_chars"] < 1000);  // not the CLI's 28 KB agent prompt
  CHECK(stats["tools_seen"] == json::array());
  // The CLI names its working folder in the prompt: ours, empty, and gone afterwards.
  const std::string prompt = last["prompt"];
  const auto at = prompt.find("ytmonitor-claude-");
  REQUIRE(at != std::string::npos);
  const auto start = prompt.rfind(' ', at) + 1;
  const std::string folder = prompt.substr(start, prompt.find('\n', at) - start);
  CHECK_FALSE(std::filesystem::exists(folder));
}

TEST_CASE("claude-cli: --json-schema returns the structured output - StructuredOutput is the only tool") {
  CliRun cli;
  Request request = translate_request();
  request.prompt.replace(0, std::string("TASK: translate").size(), "TASK: notes");
  request.schema =
      json::parse(test::read_file(std::filesystem::path(YTM_SOURCE_DIR) / "config/prompts/notes.schema.json"));
  auto reply = cli.complete(request);
  REQUIRE(reply.ok());
  REQUIRE(reply->structured);
  CHECK((*reply->structured)["names"] == json::array({"Alice", "Bob"}));
  CHECK((*reply->structured)["quotes"][0]["text"] == "Welcome to the show about storage engines.");
  CHECK_FALSE(reply->truncated());
  const json stats = cli.fake.stats();
  CHECK(stats["calls"]["notes"] == 1);
  CHECK(stats["tools_seen"] == json::array({"StructuredOutput"}));
}

TEST_CASE("claude-cli: API failures behind the CLI map to failure kinds") {
  CliRun cli;
  SECTION("529 on every try: overloaded, after the two retries we allow the CLI") {
    cli.fake.faults({{"overloaded", 10}});
    auto reply = cli.complete(translate_request());
    REQUIRE_FALSE(reply.ok());
    CHECK(reply.failure().code == ytm::FailureCode::overloaded);
    CHECK(reply.failure().kind == FailureKind::transient);
    CHECK(cli.fake.stats()["total"] == 3);
  }
  SECTION("500: server_error") {
    cli.fake.faults({{"server_error", 1}});
    auto reply = cli.complete(translate_request(), {{"CLAUDE_CODE_MAX_RETRIES", "0"}});
    REQUIRE_FALSE(reply.ok());
    CHECK(reply.failure().code == ytm::FailureCode::server_error);
    CHECK(reply.failure().kind == FailureKind::transient);
  }
  SECTION("an API that never answers: the CLI is stopped at model.timeout") {
    cli.fake.faults({{"hang", 1}});
    cli.settings.timeout = 3s;
    auto reply = cli.complete(translate_request());
    REQUIRE_FALSE(reply.ok());
    CHECK(reply.failure().code == ytm::FailureCode::timeout);
    CHECK(reply.failure().kind == FailureKind::transient);
  }
  SECTION("401: auth pauses the model stage") {
    cli.fake.faults({{"auth", true}});
    auto reply = cli.complete(translate_request());
    REQUIRE_FALSE(reply.ok());
    CHECK(reply.failure().code == ytm::FailureCode::auth);
    CHECK(reply.failure().kind == FailureKind::paused);
  }
}

TEST_CASE("claude-cli: an answer cut off by the output limit is truncated even though the CLI resumed it") {
  CliRun cli;
  cli.fake.faults({{"cut_off", 1}});
  auto reply = cli.complete(translate_request());
  REQUIRE(reply.ok());
  CHECK(reply->truncated());
  const json stats = cli.fake.stats();
  CHECK(stats["calls"]["translate"] == 1);
  CHECK(stats["calls"]["continuation"] == 1);  // the CLI asked the model to go on by itself
}

TEST_CASE("claude-cli: the limit banner as the answer pauses until the stated reset and is never a result") {
  CliRun cli;
  cli.fake.faults({{"limit_banner", 1}});
  auto reply = cli.complete(translate_request());
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.failure().kind == FailureKind::paused);
  CHECK(reply.failure().code == ytm::FailureCode::usage_limit);
  REQUIRE(reply.failure().retry_after);
  const auto expected = reset_in_text("resets 3pm (Europe/Berlin)", now_unix());
  REQUIRE(expected);
  CHECK(std::abs(reply.failure().retry_after->count() - (*expected - now_unix())) <= 5);
  CHECK_THAT(reply.failure().message, Catch::Contains("You've hit your limit"));
  CHECK_THAT(reply.failure().message, Catch::Contains("(its stated reset)"));
}

TEST_CASE("claude-cli: is_error with api_error_status 429 and no reset stated pauses for an hour") {
  CliRun cli;
  cli.fake.faults({{"usage_limit", 10}});
  auto reply = cli.complete(translate_request());
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.failure().code == ytm::FailureCode::usage_limit);
  REQUIRE(reply.failure().retry_after);
  CHECK(reply.failure().retry_after->count() >= 3595);
  CHECK(reply.failure().retry_after->count() <= 3600);
}

TEST_CASE(
    "claude-cli: a schema the CLI gives up on is asked once more without --json-schema, the schema in the "
    "prompt") {
  CliRun cli;
  Request request = translate_request();
  request.prompt.replace(0, std::string("TASK: translate").size(), "TASK: notes");
  request.schema =
      json::parse(test::read_file(std::filesystem::path(YTM_SOURCE_DIR) / "config/prompts/notes.schema.json"));
  // The model never calls StructuredOutput, on every run where it is offered.
  cli.fake.faults({{"schema_give_up", 1000}});
  auto reply = cli.complete(request);
  REQUIRE(reply.ok());
  // The second run's answer is text for the pipeline's reader, the notes in it.
  CHECK_FALSE(reply->structured);
  const json notes = json::parse(reply->text);
  CHECK(notes["names"] == json::array({"Alice", "Bob"}));
  const json stats = cli.fake.stats();
  // The first run: the model's "Done." and the CLI's reminder, answered "Done." again; then one
  // run without the tool.
  CHECK(stats["total"] == 3);
  CHECK(stats["calls"]["notes"] == 3);
  CHECK(stats["styles"]["schema_give_up"] == 1);
  CHECK(stats["last"]["tools"] == json::array());
  const std::string prompt = stats["last"]["prompt"];
  CHECK_THAT(prompt, Catch::Contains("valid against this JSON schema:\n{"));
  CHECK_THAT(prompt, Catch::Contains("\"additionalProperties\":false"));
  // Both runs are paid for: the first run's tokens are in the reply beside the second's.
  CHECK(reply->input_tokens == stats["input_tokens"].get<std::int64_t>());
}
