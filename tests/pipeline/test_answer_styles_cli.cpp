// The 96-minute talk through the real claude CLI (tests/node) against tests/fakes/fake_model with
// every answer habit mixed at random, and the CLI giving up on a schema once ("success", "Done.",
// no structured output).
#include <catch2/catch.hpp>

#include <filesystem>

#include "injected_text.hpp"
#include "pipeline_harness.hpp"
#include "render/markdown.hpp"
#include "run_checks.hpp"
#include "support/temp_dir.hpp"
#include "synthetic_transcript.hpp"

using namespace ytm;
using namespace ytm::pipeline;
using namespace std::chrono_literals;

namespace {

const std::filesystem::path claude_path = std::filesystem::path(YTM_SOURCE_DIR) / "tests/node/node_modules/.bin/claude";

const std::vector<std::string> injected = [] {
  auto texts = test::injected_text();
  texts.push_back("Done.");  // the CLI's own words when it gives up on the schema
  return texts;
}();

}  // namespace

TEST_CASE("claude-cli: a mixed run of real models' habits gives a whole, clean document in at most 10 calls") {
  if (!std::filesystem::exists(claude_path)) {
    FAIL("the claude CLI is not installed at " << claude_path.string()
                                               << ": run `make test`, which installs it (npm ci --prefix tests/node)");
  }
  test::PipelineEnv env;
  test::TempDir home;
  env.settings.model.backend = config::ModelBackend::claude_cli;
  env.settings.model.command = claude_path.string();
  env.settings.model.name = "claude-sonnet-4-5";
  env.settings.model.timeout = 60s;
  env.backend_options.extra_env = {{"ANTHROPIC_BASE_URL", env.fake.base_url()},
                                   {"ANTHROPIC_API_KEY", "test"},
                                   {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"},
                                   {"HOME", home.path().string()},
                                   {"CLAUDE_CONFIG_DIR", (home.path() / ".claude").string()}};
  // Half the answers touched; the first structured answer and the CLI's own reminder both say "Done.".
  env.fake.faults({{"mix_rate", 50}, {"mix_seed", 1}, {"stubborn", true}, {"schema_gave_up", 2}});
  test::SyntheticOptions options;
  options.minutes = 96;
  options.speakers = true;
  const auto input = test::synthetic_input(options);

  auto result = env.run(input);
  REQUIRE(result.ok());
  test::check_complete(*result, input);
  test::check_said_once(*result);
  const std::string document = render::render_markdown(*result, render::RenderOptions{});
  for (const auto& text : injected) {
    INFO("injected: " << text);
    CHECK(document.find(text) == std::string::npos);
  }
  CHECK(result->coverage.untranslated_passages == 0);
  CHECK_FALSE(result->summary.arguments.empty());
  const auto stats = env.fake.stats();
  int styled = 0;
  for (const auto& [style, n] : stats["styles"].items()) styled += n.get<int>();
  CHECK(styled >= 2);
  CHECK(stats["faults"].empty());
  // Our calls, each one CLI run: the clean four, the summary once more after "Done.", and at most
  // two per chunk for what the answers left out.
  const int structured_reminders = stats["calls"].value("tool_result", 0);
  CHECK(result->usage.calls >= 5);
  CHECK(result->usage.calls <= 10);
  CHECK(stats["total"].get<int>() - structured_reminders >= result->usage.calls);
  INFO("stats: " << stats.dump());
  CHECK(env.store.spend_since(0).failed_calls == 1);
}
