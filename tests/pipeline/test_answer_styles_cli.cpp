// The 96-minute talk through the real claude CLI (tests/node) against tests/fakes/fake_model with
// every answer habit mixed at random, and the CLI giving up on a schema ("success", "Done.", no
// structured output), once and every time.
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

// The pipeline on the claude-cli backend, the CLI pointed at the stand-in with a throwaway home.
void use_claude_cli(test::PipelineEnv& env, const test::TempDir& home) {
  if (!std::filesystem::exists(claude_path)) {
    FAIL("the claude CLI is not installed at " << claude_path.string()
                                               << ": run `make test`, which installs it (npm ci --prefix tests/node)");
  }
  env.settings.model.backend = config::ModelBackend::claude_cli;
  env.settings.model.command = claude_path.string();
  env.settings.model.name = "claude-sonnet-4-5";
  env.settings.model.timeout = 60s;
  env.backend_options.extra_env = {{"ANTHROPIC_BASE_URL", env.fake.base_url()},
                                   {"ANTHROPIC_API_KEY", "test"},
                                   {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"},
                                   {"HOME", home.path().string()},
                                   {"CLAUDE_CONFIG_DIR", (home.path() / ".claude").string()}};
}

}  // namespace

TEST_CASE("claude-cli: a schema the CLI gives up on every time costs one more run, and the summary is read") {
  test::PipelineEnv env;
  test::TempDir home;
  use_claude_cli(env, home);
  env.fake.faults({{"schema_give_up", 1000}});
  test::SyntheticOptions options;
  options.minutes = 96;
  options.speakers = true;
  const auto input = test::synthetic_input(options);

  auto result = env.run(input);
  REQUIRE(result.ok());
  test::check_complete(*result, input);
  CHECK(result->summary.chapters.size() == 7);
  CHECK(result->summary.quotes.size() == 6);
  CHECK(result->grounding.quotes_dropped == 0);
  // Our six calls (five chunks at the CLI's chunk size, the summary); the summary's run gave up
  // ("Done." twice: the model's answer and its answer to the CLI's reminder), then one run
  // without --json-schema inside the same call.
  CHECK(result->usage.calls == 6);
  const auto stats = env.fake.stats();
  INFO("stats: " << stats.dump());
  CHECK(stats["calls"]["translate_notes"] == 5);
  CHECK(stats["calls"]["summary"] == 3);
  CHECK(stats["total"] == 8);
  CHECK(stats["styles"]["schema_give_up"] == 1);
  CHECK(env.store.spend_since(0).failed_calls == 0);
  const std::string document = render::render_markdown(*result, render::RenderOptions{});
  CHECK(document.find("Done.") == std::string::npos);
}

TEST_CASE("claude-cli: a mixed run of real models' habits gives a whole, clean document in 9 calls") {
  test::PipelineEnv env;
  test::TempDir home;
  use_claude_cli(env, home);
  // Half the answers touched; the first two structured answers say "Done." (the CLI then ends
  // without structured output).
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
  INFO("stats: " << stats.dump());
  // What seed 1 mixes in (drawn from each prompt's text: a style added to the stand-in or a prompt
  // reworded changes the draw, recount then; refusals have cases of their own, and no seed from 1 to 45
  // draws a refusal beside a cut under today's prompts).
  CHECK(stats["styles"] == nlohmann::json::parse(R"({"cut_end_turn": 1, "english_summary": 2, "extra_keys": 2,
      "missing_lists": 1, "repeated_paragraph": 1, "speaker_variants": 1})"));
  CHECK(stats["faults"].empty());
  // Our calls, each one CLI run: the clean six (five chunks at the CLI's chunk size, the summary);
  // the chunk cut mid-sentence (end_turn, its notes block lost) has its rest asked for in one request
  // no larger than what it managed, and its notes in a call of their own; the summary's fields left
  // in English are asked for once more (repair). The JSON answers that gave up on the schema ("Done.")
  // were asked again without it inside the same call.
  CHECK(result->usage.calls == 9);
  CHECK(stats["calls"] == nlohmann::json::parse(R"({"notes": 3, "repair": 1, "summary": 3, "tool_result": 2,
      "translate": 1, "translate_notes": 5})"));
  CHECK(stats["total"] == 15);
  // The CLI's give-up is asked again without the schema inside the same call: no failed call.
  CHECK(env.store.spend_since(0).failed_calls == 0);
  // What the footer reports: the checks of the answers the document was made of. The cut paragraph
  // is counted once, as cut. The synthetic talk names no one: the stand-in's speaker_variants
  // labels ("Speaker:", "演讲者：") name no one either, and are left out and counted. The stubborn summary
  // kept its English fields through the repair.
  std::string passes;
  for (const PassNote& p : result->passes) passes += p.name + " " + std::to_string(p.count) + "; ";
  CHECK(passes ==
        "cut last paragraph 1; generic speaker labels 32; repeated paragraphs 1; summary fields left in English 22; ");
}
