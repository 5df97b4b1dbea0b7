// JSON answers dressed up as real models dress them (a one-key wrapper, keys in Chinese, chapter
// times in milliseconds), on the anthropic and openai backends, and the claude CLI giving up on a
// schema: the document keeps the notes and the summary of a clean run, with no repair call.
#include <catch2/catch.hpp>

#include <filesystem>

#include "pipeline_harness.hpp"
#include "render/markdown.hpp"
#include "run_checks.hpp"
#include "support/temp_dir.hpp"
#include "synthetic_transcript.hpp"

using namespace ytm;
using namespace ytm::pipeline;
using namespace std::chrono_literals;

namespace {

// What a reader sees of the summary: chapters, arguments and quotes with their times.
std::string summary_seen(const VideoResult& r) {
  std::string seen;
  for (const Chapter& c : r.summary.chapters)
    seen += std::to_string(c.start) + "-" + std::to_string(c.end) + " " + c.title + "\n";
  for (const Argument& a : r.summary.arguments) seen += a.title + "\n";
  for (const Quote& q : r.summary.quotes) seen += std::to_string(q.timestamp) + " " + q.text + "\n";
  return seen;
}

VideoResult clean_run(config::ModelBackend backend, const PipelineInput& input) {
  test::PipelineEnv env;
  env.use_backend(backend);
  auto result = env.run(input);
  REQUIRE(result.ok());
  return *result;
}

// A 40-minute talk: two chunks answering translation and notes in one call each, then the summary.
constexpr int clean_calls = 3;

void run_dressed_styles(config::ModelBackend backend) {
  const auto input = test::synthetic_talk(40);
  const VideoResult clean = clean_run(backend, input);
  REQUIRE(clean.summary.quotes.size() == 6);
  for (const char* style : {"wrapped_json", "translated_keys", "ms_chapter_times"}) {
    INFO(style);
    test::PipelineEnv env;
    env.use_backend(backend);
    env.fake.faults({{style, 100}});
    auto result = env.run(input);
    REQUIRE(result.ok());
    test::check_complete(*result, input);
    CHECK(result->usage.calls == clean_calls);
    CHECK(env.fake.stats()["total"] == clean_calls);
    CHECK(env.calls("repair") == 0);
    // Both chunks' notes blocks and the summary (only the summary has chapter times to change).
    CHECK(env.fake.stats()["styles"].value(style, 0) == 3);
    CHECK(summary_seen(*result) == summary_seen(clean));
    CHECK(result->grounding.quotes_dropped == 0);
    const std::string document = render::render_markdown(*result, render::RenderOptions{});
    CHECK_THAT(document, Catch::Contains(clean.summary.quotes.front().text));
  }
}

}  // namespace

TEST_CASE("anthropic: wrapped JSON, keys in Chinese and chapter times in ms keep the clean run's summary, no repair") {
  run_dressed_styles(config::ModelBackend::anthropic);
}

TEST_CASE("openai: wrapped JSON, keys in Chinese and chapter times in ms keep the clean run's summary, no repair") {
  run_dressed_styles(config::ModelBackend::openai);
}

TEST_CASE("wrapped JSON and keys in Chinese kept through the repair request cost that one repair, not the video") {
  const auto input = test::synthetic_talk(12);
  for (const auto backend : {config::ModelBackend::anthropic, config::ModelBackend::openai}) {
    for (const char* style : {"wrapped_json", "translated_keys"}) {
      INFO(style << (backend == config::ModelBackend::openai ? " on openai" : " on anthropic"));
      test::PipelineEnv env;
      env.use_backend(backend);
      // The summary's first answer is no JSON at all; the repair answer keeps the habit.
      env.fake.faults({{"invalid_json", 1}, {style, 100}, {"stubborn", true}});
      auto result = env.run(input);
      REQUIRE(result.ok());
      test::check_complete(*result, input);
      CHECK(env.calls("repair") == 1);
      // A short talk: its translation, then the summary from the transcript and its repair, both
      // in the style.
      CHECK(result->usage.calls == 3);
      CHECK(env.fake.stats()["styles"].value(style, 0) == 2);
      CHECK_FALSE(result->summary.chapters.empty());
      CHECK_FALSE(result->summary.quotes.empty());
    }
  }
}
