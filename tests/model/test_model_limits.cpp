// Usage limits: reset times as the claude CLI and the APIs state them, and the HTTP backends' reset
// headers pausing model work until then (the real CLI's cases are in test_model_claude_cli.cpp).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "core/time_zone.hpp"
#include "fake_model_fixture.hpp"
#include "model/backend.hpp"
#include "model/usage_limit.hpp"
#include "model_test_data.hpp"

using namespace ytm;
using namespace ytm::model;
using namespace std::chrono_literals;

namespace {

// 2026-12-01 10:00:00 UTC, a Tuesday: 11:00 in Berlin (CET, UTC+1).
constexpr UnixTime morning = 1796119200;

Outcome<Reply> complete(const config::ModelSettings& settings, std::vector<std::pair<std::string, std::string>> env) {
  boost::asio::io_context io;
  auto backend = make_backend(io.get_executor(), settings, BackendOptions{std::move(env)});
  Request request;
  request.system = "You translate transcripts faithfully.";
  request.prompt = test::translate_prompt;
  request.max_output_tokens = 4000;
  request.label = "limit test";
  return test::run_coroutine(io, backend->complete(std::move(request)));
}

}  // namespace

TEST_CASE("limit resets are read with their time zone: the next such time after now") {
  CHECK(utc_offset("Europe/Berlin", morning) == 3600);
  CHECK(utc_offset("Europe/Berlin", morning + 200 * 86400) == 7200);  // summer time in June
  CHECK_FALSE(utc_offset("No/Such_Zone", morning));
  // 3pm Berlin today is 14:00 UTC.
  CHECK(reset_in_text("You've hit your limit · resets 3pm (Europe/Berlin)", morning) == morning + 4 * 3600);
  // 9am Berlin has passed: tomorrow's.
  CHECK(reset_in_text("You've hit your limit · resets 9am (Europe/Berlin)", morning) == morning + 22 * 3600);
  CHECK(reset_in_text("5-hour limit reached ∙ resets 3:30pm (America/New_York)", morning) ==
        morning + 10 * 3600 + 30 * 60);  // 15:30 EST is 20:30 UTC
  CHECK(reset_in_text("Weekly limit reached · resets Dec 3, 10am (UTC)", morning) == morning + 2 * 86400);
  CHECK(reset_in_text("Your limit will reset at 23:00 (Asia/Tokyo)", morning) == morning + 4 * 3600);
  CHECK(reset_in_text("Claude AI usage limit reached|" + std::to_string(morning + 600), morning) == morning + 600);
  CHECK_FALSE(reset_in_text("You've hit your limit", morning));
  CHECK(reset_in_json(nlohmann::json::parse(R"({"rate_limit":{"resetsAt":1796130000}})")) == 1796130000);
  CHECK(reset_in_json(nlohmann::json::parse(R"({"resets_at":"2026-12-01T14:00:00Z"})")) == morning + 4 * 3600);

  auto failure = usage_limit_failure("said", std::nullopt, morning);
  CHECK(failure.kind == FailureKind::paused);
  CHECK(failure.code == ytm::FailureCode::usage_limit);
  CHECK(failure.retry_after == std::chrono::seconds(3600));
  CHECK_THAT(failure.message, Catch::Contains("resumes at 2026-12-01T11:00:00Z (no reset was stated"));
}

TEST_CASE("http backends: rate-limit reset headers without retry-after pause until the reset") {
  ::setenv("YTM_TEST_LIMIT_KEY", "sk-test", 1);
  test::FakeModel fake;
  for (auto backend : {config::ModelBackend::anthropic, config::ModelBackend::openai}) {
    DYNAMIC_SECTION((backend == config::ModelBackend::anthropic ? "anthropic" : "openai")) {
      fake.reset();
      fake.faults({{"reset_headers", 1}, {"limit_reset", 5400}});
      config::ModelSettings settings;
      settings.backend = backend;
      settings.base_url = fake.base_url();
      settings.api_key_env = "YTM_TEST_LIMIT_KEY";
      settings.timeout = 5s;
      auto reply = complete(settings, {});
      REQUIRE_FALSE(reply.ok());
      CHECK(reply.failure().code == ytm::FailureCode::usage_limit);
      REQUIRE(reply.failure().retry_after);
      CHECK(reply.failure().retry_after->count() >= 5390);
      CHECK(reply.failure().retry_after->count() <= 5401);
      // A short wait is still retried in place.
      fake.faults({{"reset_headers", 1}, {"limit_reset", 3}});
      auto short_wait = complete(settings, {});
      REQUIRE_FALSE(short_wait.ok());
      CHECK(short_wait.failure().code == ytm::FailureCode::rate_limited);
    }
  }
}
