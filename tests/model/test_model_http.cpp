// The anthropic and openai backends over real HTTP against tests/fakes/fake_model on loopback.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "fake_model_fixture.hpp"
#include "model/backend.hpp"
#include "model_test_data.hpp"

using namespace ytm;
using namespace ytm::model;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const char* const notes_schema = R"({"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
  "additionalProperties":false,"required":["points","quotes","names"],"properties":{
  "points":{"type":"array","items":{"type":"object"}},"quotes":{"type":"array","items":{"type":"object"}},
  "names":{"type":"array","items":{"type":"string"}}}})";

config::ModelSettings settings_for(config::ModelBackend backend, const test::FakeModel& fake) {
  config::ModelSettings settings;
  settings.backend = backend;
  settings.base_url = fake.base_url();
  settings.name = backend == config::ModelBackend::anthropic ? "claude-sonnet-4-5" : "qwen2.5:7b";
  settings.api_key_env = "YTM_TEST_MODEL_KEY";
  settings.timeout = 1500ms;
  return settings;
}

Request translate_request() {
  Request request;
  request.system = "You translate transcripts faithfully.";
  request.prompt = test::translate_prompt;
  request.max_output_tokens = 4000;
  request.label = "test translate";
  return request;
}

Outcome<Reply> complete(const config::ModelSettings& settings, Request request) {
  boost::asio::io_context io;
  auto backend = make_backend(io.get_executor(), settings);
  return test::run_coroutine(io, backend->complete(std::move(request)));
}

const std::vector<config::ModelBackend> http_backends{config::ModelBackend::anthropic, config::ModelBackend::openai};

const char* label(config::ModelBackend backend) {
  return backend == config::ModelBackend::anthropic ? "anthropic" : "openai";
}

}  // namespace

TEST_CASE("http backends: a translation with usage, our system prompt and key reaching the server") {
  ::setenv("YTM_TEST_MODEL_KEY", "sk-test-123", 1);
  test::FakeModel fake;
  for (auto backend : http_backends) {
    DYNAMIC_SECTION(label(backend)) {
      auto reply = complete(settings_for(backend, fake), translate_request());
      REQUIRE(reply.ok());
      CHECK(reply->text == test::whole_translation);
      CHECK_FALSE(reply->truncated());
      const json stats = fake.stats();
      CHECK(reply->input_tokens == stats["input_tokens"]);
      CHECK(reply->output_tokens == stats["output_tokens"]);
      CHECK(reply->input_tokens > 50);
      CHECK(reply->model == settings_for(backend, fake).name);
      const json& last = stats["last"];
      CHECK(last["system"] == "You translate transcripts faithfully.");
      CHECK(last["api_key"] == "sk-test-123");
      CHECK(last["max_tokens"] == 4000);
      CHECK(last["stream"] == false);
      if (backend == config::ModelBackend::anthropic) {
        CHECK(last["anthropic_version"] == "2023-06-01");
        // claude-sonnet-4-5's list price: $3 per million input tokens, $15 per million output tokens.
        const double expected = reply->input_tokens * 3.0 / 1e6 + reply->output_tokens * 15.0 / 1e6;
        CHECK(reply->cost_usd == Approx(expected));
      } else {
        CHECK(reply->cost_usd == 0);  // a local model
      }
      fake.reset();
    }
  }
}

TEST_CASE("http backends: a schema gives structured output (forced tool / strict json_schema)") {
  ::setenv("YTM_TEST_MODEL_KEY", "sk-test-123", 1);
  test::FakeModel fake;
  for (auto backend : http_backends) {
    DYNAMIC_SECTION(label(backend)) {
      Request request = translate_request();
      request.prompt.replace(0, std::string("TASK: translate").size(), "TASK: notes");
      request.schema = json::parse(notes_schema);
      auto reply = complete(settings_for(backend, fake), request);
      REQUIRE(reply.ok());
      REQUIRE(reply->structured);
      const json& notes = *reply->structured;
      CHECK(notes["names"] == json::array({"Alice", "Bob"}));
      REQUIRE(notes["quotes"].size() == 3);
      CHECK(notes["quotes"][0]["text"] == "Welcome to the show about storage engines.");
      CHECK(json::parse(reply->text) == notes);
      const json last = fake.stats()["last"];
      if (backend == config::ModelBackend::anthropic) {
        CHECK(last["tools"] == json::array({"StructuredOutput"}));
        CHECK(last["tool_choice"]["name"] == "StructuredOutput");
      } else {
        CHECK(last["response_format"] == "json_schema");
      }
      fake.reset();
    }
  }
}

TEST_CASE("http backends: server faults map to failure kinds") {
  ::setenv("YTM_TEST_MODEL_KEY", "sk-test-123", 1);
  test::FakeModel fake;
  struct Case {
    json fault;
    FailureKind kind;
    FailureCode code;
  };
  const std::vector<Case> cases{
      {{{"rate_limit", 1}, {"retry_after", 7}}, FailureKind::transient, ytm::FailureCode::rate_limited},
      {{{"overloaded", 1}}, FailureKind::transient, ytm::FailureCode::overloaded},  // 529, or 503 "Loading model" for openai
      {{{"server_error", 1}}, FailureKind::transient, ytm::FailureCode::server_error},
      {{{"billing", 1}}, FailureKind::paused, ytm::FailureCode::billing},
      {{{"auth", true}}, FailureKind::paused, ytm::FailureCode::auth},
      {{{"context_tokens", 50}}, FailureKind::permanent, ytm::FailureCode::context_too_long},
  };
  for (auto backend : http_backends) {
    for (const Case& c : cases) {
      DYNAMIC_SECTION(label(backend) << " " << c.fault.dump()) {
        fake.faults(c.fault);
        auto reply = complete(settings_for(backend, fake), translate_request());
        REQUIRE_FALSE(reply.ok());
        CHECK(reply.failure().code == c.code);
        CHECK(reply.failure().kind == c.kind);
        CHECK_THAT(reply.failure().message, !Catch::Contains("sk-test-123"));
        if (c.code == ytm::FailureCode::rate_limited) CHECK(reply.failure().retry_after == 7s);
        fake.reset();
        // The fault was for that call only (auth and context_tokens were reset): the next one works.
        CHECK(complete(settings_for(backend, fake), translate_request()).ok());
        fake.reset();
      }
    }
  }
}

TEST_CASE("http backends: an answer cut off by the token limit is marked truncated") {
  ::setenv("YTM_TEST_MODEL_KEY", "sk-test-123", 1);
  test::FakeModel fake({"--cut-off", "2"});
  for (auto backend : http_backends) {
    DYNAMIC_SECTION(label(backend)) {
      auto reply = complete(settings_for(backend, fake), translate_request());
      REQUIRE(reply.ok());
      CHECK(reply->truncated());
      CHECK(reply->text.size() < test::whole_translation.size() * 2 / 3);  // about half of it
      CHECK(test::whole_translation.rfind(reply->text, 0) == 0);
    }
  }
}

TEST_CASE("http backends: a server that never answers times out within model.timeout") {
  ::setenv("YTM_TEST_MODEL_KEY", "sk-test-123", 1);
  test::FakeModel fake({"--hang", "2"});
  for (auto backend : http_backends) {
    DYNAMIC_SECTION(label(backend)) {
      const auto started = std::chrono::steady_clock::now();
      auto reply = complete(settings_for(backend, fake), translate_request());
      const auto took = std::chrono::steady_clock::now() - started;
      REQUIRE_FALSE(reply.ok());
      CHECK(reply.failure().code == ytm::FailureCode::timeout);
      CHECK(reply.failure().kind == FailureKind::transient);
      CHECK(took >= 1400ms);
      CHECK(took < 10s);
    }
  }
}

TEST_CASE("http backends: a missing key pauses without calling - openai without api_key_env sends none") {
  ::unsetenv("YTM_TEST_MODEL_KEY");
  test::FakeModel fake;
  for (auto backend : http_backends) {
    DYNAMIC_SECTION(label(backend)) {
      auto reply = complete(settings_for(backend, fake), translate_request());
      REQUIRE_FALSE(reply.ok());
      CHECK(reply.failure().code == ytm::FailureCode::auth);
      CHECK(reply.failure().kind == FailureKind::paused);
      CHECK_THAT(reply.failure().message, Catch::Contains("YTM_TEST_MODEL_KEY"));
      CHECK(fake.stats()["total"] == 0);
    }
  }
  auto local = settings_for(config::ModelBackend::openai, fake);
  local.api_key_env.clear();
  local.base_url += "/v1/";  // as people copy it from SDK examples
  REQUIRE(complete(local, translate_request()).ok());
  CHECK(fake.stats()["last"]["api_key"] == "");
}

TEST_CASE("http backends: nothing listening is a transient network failure") {
  config::ModelSettings settings;
  settings.backend = config::ModelBackend::openai;
  settings.base_url = "http://127.0.0.1:9";  // discard port: closed
  settings.name = "m";
  auto reply = complete(settings, translate_request());
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.failure().code == ytm::FailureCode::network);
  CHECK(reply.failure().kind == FailureKind::transient);
  CHECK_THAT(reply.failure().message, Catch::Contains("127.0.0.1:9"));
}
