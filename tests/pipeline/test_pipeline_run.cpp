// The whole pipeline against the anthropic backend and tests/fakes/fake_model on loopback, with a
// real SQLite store.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>

#include "pipeline/chunking.hpp"
#include "pipeline_harness.hpp"
#include "run_checks.hpp"
#include "synthetic_transcript.hpp"

using namespace ytm;
using namespace ytm::pipeline;

namespace {

using test::check_complete;

PipelineInput video(int minutes, int chapters = 0, const std::string& id = "") {
  test::SyntheticOptions options;
  options.minutes = minutes;
  options.chapters = chapters;
  options.speakers = true;
  auto input = test::synthetic_input(options);
  if (!id.empty()) input.video.id = id;
  return input;
}

// The first line of every creator chapter starts a paragraph: the renderer files each paragraph
// under the chapter it starts in.
void check_chapter_breaks(const VideoResult& result, const PipelineInput& input) {
  const auto lines = build_lines(input.segments, sorted_chapters(input.chapters));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].chapter == lines[i - 1].chapter) continue;
    const int start = static_cast<int>(lines[i].start);
    INFO("chapter " << lines[i].chapter << " begins at " << start);
    CHECK(std::any_of(result.translation.begin(), result.translation.end(),
                      [&](const Paragraph& p) { return p.start == start; }));
  }
}

// Runs the video, which must succeed with a complete translation.
VideoResult complete_run(test::PipelineEnv& env, const PipelineInput& input) {
  auto result = env.run(input);
  REQUIRE(result.ok());
  check_complete(*result, input);
  return *result;
}

// A second run finds every step checkpointed and calls nothing.
void check_rerun_calls_nothing(test::PipelineEnv& env, const PipelineInput& input) {
  const int before = env.fake.stats()["total"].get<int>();
  REQUIRE(env.run(input).ok());
  CHECK(env.fake.stats()["total"].get<int>() == before);
}

std::vector<Chunk> chunks_of(const PipelineInput& input, const PipelineSettings& settings) {
  return make_chunks(build_lines(input.segments, sorted_chapters(input.chapters)), settings.model.max_chunk_tokens,
                     input.video.duration);
}

void check_chapters(const Summary& summary, int duration) {
  REQUIRE_FALSE(summary.chapters.empty());
  CHECK(summary.chapters.front().start == 0);
  CHECK(summary.chapters.back().end == duration);
  for (std::size_t i = 1; i < summary.chapters.size(); ++i) {
    CHECK(summary.chapters[i].start == summary.chapters[i - 1].end);
    CHECK(summary.chapters[i].start > summary.chapters[i - 1].start);
  }
}

}  // namespace

TEST_CASE("a 3-hour video with chapters is translated completely and summarised from chunk notes") {
  test::PipelineEnv env;
  const auto input = video(180, 6);
  auto result = env.run(input);
  REQUIRE(result.ok());
  check_complete(*result, input);
  check_chapter_breaks(*result, input);
  check_chapters(result->summary, input.video.duration);
  CHECK(result->summary.chapters.size() == 6);
  // One call per chunk answers with its translation and its notes.
  const auto chunks = chunks_of(input, env.settings);
  CHECK(env.calls("translate_notes") == static_cast<int>(chunks.size()));
  CHECK(env.calls("translate") == 0);
  CHECK(env.calls("notes") == 0);
  CHECK(env.calls("summary") == 1);
  CHECK(result->usage.calls == static_cast<int>(chunks.size()) + 1);
  CHECK(result->usage.input_tokens == env.fake.stats()["input_tokens"].get<std::int64_t>());
  CHECK(result->grounding.quotes_kept == 6);  // the summary takes six of the chunks' quotes, each found in the transcript
  CHECK(result->grounding.quotes_dropped == 0);
  CHECK(result->output_language == "zh-CN");
  CHECK(env.fake.stats()["max_concurrent"].get<int>() <= env.settings.model.max_concurrent_requests);
}

TEST_CASE("ten short chapters share a few chunks and every chapter still starts a paragraph") {
  test::PipelineEnv env;
  const auto input = video(76, 10);
  const auto result = complete_run(env, input);
  check_chapter_breaks(result, input);
  CHECK(chunks_of(input, env.settings).size() < 10);
  CHECK(env.calls("translate_notes") + 1 == result.usage.calls);
  CHECK(result.summary.chapters.size() == 10);
}

TEST_CASE("a chunk answer that runs on across a chapter start is redone split at that chapter") {
  test::PipelineEnv env;
  env.fake.faults({{"merge_chapters", 1}});
  const auto input = video(76, 10);
  const auto result = complete_run(env, input);
  check_chapter_breaks(result, input);
  // The misplaced answer, then its two halves.
  CHECK(env.calls("translate_notes") == static_cast<int>(chunks_of(input, env.settings).size()) + 2);
  check_rerun_calls_nothing(env, input);
}

TEST_CASE("a chunk answer without valid notes keeps its translation and gets a notes call of its own") {
  test::PipelineEnv env;
  env.fake.faults({{"bad_notes", 1}});
  const auto input = video(40);
  const auto result = complete_run(env, input);
  const auto chunks = chunks_of(input, env.settings);
  REQUIRE(chunks.size() == 2);
  CHECK(env.calls("translate_notes") == 2);
  CHECK(env.calls("notes") == 1);
  CHECK(env.calls("summary") == 1);
  CHECK(result.grounding.quotes_kept == 6);  // each chunk's notes quote 3 transcript lines; the summary keeps all 6
  // The translation, the separate notes and the summary are all reused.
  check_rerun_calls_nothing(env, input);
}

TEST_CASE("a cut-off chunk answer keeps what it has, the rest is asked for alone, and a notes call makes its notes") {
  test::PipelineEnv env;
  env.fake.faults({{"cut_off", 1}});
  const auto input = video(40);
  const auto result = complete_run(env, input);
  CHECK(env.calls("translate_notes") == 2);
  CHECK(env.calls("translate") == 1);  // the missing stretch, on its own
  CHECK(env.calls("notes") == 1);      // the cut answer lost its notes block
  const auto steps = env.store.steps(input.video.id);
  const auto has = [&](const std::string& name) {
    return std::any_of(steps.begin(), steps.end(), [&](const store::Step& s) { return s.name == name; });
  };
  CHECK((has("translate/0/gap1") || has("translate/1/gap1")));
  CHECK_FALSE((has("translate/0/split") || has("translate/1/split")));
  CHECK(result.coverage.gap_calls == 1);
  CHECK(result.coverage.untranslated_passages == 0);
  CHECK(result.summary.tldr.find("〔zh-CN〕") != std::string::npos);
  check_rerun_calls_nothing(env, input);
}

TEST_CASE("a short video is summarised from its transcript in one call beside its translation") {
  test::PipelineEnv env;
  const auto input = video(12);
  auto result = env.run(input);
  REQUIRE(result.ok());
  check_complete(*result, input);
  CHECK(env.calls("notes") == 0);
  CHECK(env.calls("translate") == 1);
  CHECK(env.calls("summary") == 1);
}

TEST_CASE("a cut-off translation gets the rest asked for on its own, spliced in, and the result is complete") {
  test::PipelineEnv env;
  env.fake.faults({{"cut_off", 1}});
  const auto input = video(12);
  complete_run(env, input);
  // Cut at half: the rest is larger than what the cut answer managed, so it is asked for in two
  // requests no larger than that (the same size would stop at the same limit).
  CHECK(env.calls("translate") == 3);
  CHECK(env.store.step(input.video.id, "translate/0/answer"));
  CHECK(env.store.step(input.video.id, "translate/0/gap1"));
  CHECK(env.store.step(input.video.id, "translate/0/gap2"));
  CHECK_FALSE(env.store.step(input.video.id, "translate/0.1"));
  // The whole chunk's checkpoint is reused.
  check_rerun_calls_nothing(env, input);
}

TEST_CASE("a summary that is not JSON gets one repair request and the video completes") {
  test::PipelineEnv env;
  env.fake.faults({{"invalid_json", 1}});
  const auto input = video(12);
  auto result = env.run(input);
  REQUIRE(result.ok());
  CHECK(env.calls("summary") == 1);
  CHECK(env.calls("repair") == 1);
  check_chapters(result->summary, input.video.duration);
}

TEST_CASE("a repair that is still invalid fails the step and keeps both answers in the store") {
  test::PipelineEnv env;
  // Without the schema in the repair prompt the stand-in answers with the wrong shape.
  env.dir.write("prompts/repair.md", "TASK: repair\nLANGUAGE: {{LANGUAGE}}\nFix this: {{ERROR}}\n");
  env.prompts = load_prompts(env.dir / "prompts");
  env.fake.faults({{"invalid_json", 1}});
  const auto input = video(12);
  auto result = env.run(input);
  REQUIRE_FALSE(result.ok());
  CHECK(result.failure().kind == FailureKind::permanent);
  CHECK(result.failure().code == ytm::FailureCode::invalid_output);
  CHECK_THAT(result.failure().message,
             Catch::Contains("summary/rejected") && Catch::Contains(env.store.file().string()));
  const auto rejected = env.store.step(input.video.id, "summary/rejected");
  REQUIRE(rejected);
  CHECK_THAT(rejected->output, Catch::Contains("Here is the summary you asked for"));
  CHECK_FALSE(env.store.step(input.video.id, "summary"));
}

TEST_CASE("429 answers are retried after their Retry-After and every call is recorded") {
  test::PipelineEnv env;
  env.fake.faults({{"rate_limit", 2}});
  const auto input = video(12);
  const auto started = std::chrono::steady_clock::now();
  auto result = env.run(input);
  REQUIRE(result.ok());
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(950));
  const auto spend = env.store.spend_since(0);
  CHECK(spend.failed_calls == 2);
  CHECK(spend.calls == 4);
  CHECK(result->usage.calls == 4);
}

TEST_CASE("a rate limit that outlasts model.max_attempts comes back as a transient failure") {
  test::PipelineEnv env;
  env.settings.model.max_attempts = 2;
  env.settings.model.max_concurrent_requests = 1;
  env.fake.faults({{"rate_limit", 10}, {"retry_after", 0}});
  auto result = env.run(video(12));
  REQUIRE_FALSE(result.ok());
  CHECK(result.failure().kind == FailureKind::transient);
  CHECK(result.failure().code == ytm::FailureCode::rate_limited);
  CHECK_THAT(result.failure().message, Catch::Contains("after 2 attempts"));
}

TEST_CASE("an authentication failure pauses at once without retrying") {
  test::PipelineEnv env;
  env.fake.faults({{"auth", true}});
  auto result = env.run(video(40));
  REQUIRE_FALSE(result.ok());
  CHECK(result.failure().kind == FailureKind::paused);
  CHECK(result.failure().code == ytm::FailureCode::auth);
  // Two chunks: two calls, each tried once at most (no retries), and the summary never started.
  CHECK(env.fake.stats()["total"].get<int>() <= 2);
  CHECK(env.calls("summary") == 0);
}

TEST_CASE("the daily budget stops model work before any call and says when it resets") {
  test::PipelineEnv env;
  env.settings.model.daily_budget_usd = 1.0;
  env.store.record_model_call({"earlier", "summary", "claude-test", true, "", 1000, 1000, 1.25, 10, now_unix()});
  auto result = env.run(video(12));
  REQUIRE_FALSE(result.ok());
  CHECK(result.failure().kind == FailureKind::paused);
  CHECK(result.failure().code == ytm::FailureCode::budget);
  CHECK_THAT(result.failure().message, Catch::Contains("$1.25 spent today") && Catch::Contains("00:00 UTC"));
  REQUIRE(result.failure().retry_after);
  CHECK(result.failure().retry_after->count() <= 24 * 3600);
  CHECK(env.fake.stats()["total"].get<int>() == 0);
}

TEST_CASE("a second run on the same store reuses every step and calls the model zero times") {
  test::PipelineEnv env;
  const auto input = video(76, 4);
  auto first = env.run(input);
  REQUIRE(first.ok());
  const int calls = env.fake.stats()["total"].get<int>();
  CHECK(calls > 3);
  auto second = env.run(input);
  REQUIRE(second.ok());
  CHECK(env.fake.stats()["total"].get<int>() == calls);
  CHECK(second->translation.size() == first->translation.size());
  CHECK(second->usage.input_tokens == first->usage.input_tokens);
  CHECK(second->usage.calls == first->usage.calls);
  // A changed prompt is a changed input: its steps are done again.
  env.dir.write("prompts/translate_notes.md", env.prompts.text("translate_notes.md") + "\nKeep it formal.\n");
  env.prompts = load_prompts(env.dir / "prompts");
  const int translations_before = env.calls("translate_notes");
  REQUIRE(env.run(input).ok());
  CHECK(env.calls("translate_notes") == 2 * translations_before);
  CHECK(env.fake.stats()["total"].get<int>() == calls + translations_before);
}

TEST_CASE("a run stopped part-way resumes without calling any finished step again") {
  test::PipelineEnv env;
  env.settings.model.max_concurrent_requests = 1;
  const auto input = video(76, 4);
  int finished = 0;
  auto stopped = env.run(input, [&](const std::string& step) {
    // After the second finished step every further call is refused, as if the key were revoked.
    // A chunk's own step: not the raw answer saved under it ("translate/0/answer").
    if (std::count(step.begin(), step.end(), '/') == 1 && ++finished == 2) env.fake.faults({{"auth", true}});
  });
  REQUIRE_FALSE(stopped.ok());
  CHECK(stopped.failure().code == ytm::FailureCode::auth);
  const auto saved = env.store.steps(input.video.id);
  const auto count = [&](const std::string& prefix) {
    // A chunk's own step, not the raw answers saved under it ("translate/2/answer").
    return std::count_if(saved.begin(), saved.end(), [&](const store::Step& s) {
      return s.name.rfind(prefix, 0) == 0 && s.name.find('/', prefix.size()) == std::string::npos;
    });
  };
  const auto done = count("translate/");
  CHECK(done >= 2);  // and one more whose call had left before the key went
  env.fake.reset();
  auto resumed = env.run(input);
  REQUIRE(resumed.ok());
  check_complete(*resumed, input);
  const auto chunks = chunks_of(input, env.settings);
  CHECK(env.calls("translate_notes") == static_cast<int>(chunks.size()) - done);
  CHECK(env.calls("notes") == 0);
  CHECK(env.calls("summary") == 1);
}

TEST_CASE("an invented quote is dropped and chapters out of order are fixed before the result") {
  test::PipelineEnv env;
  env.fake.faults({{"invent_quote", true}, {"chapters_out_of_order", true}});
  const auto input = video(50);
  auto result = env.run(input);
  REQUIRE(result.ok());
  CHECK(result->grounding.quotes_dropped == 1);
  CHECK(result->grounding.chapters_fixed == 4);  // the fake gives its chapters in reverse order
  for (const Quote& q : result->summary.quotes) CHECK_THAT(q.text, !Catch::Contains("time machine"));
  check_chapters(result->summary, input.video.duration);
}

TEST_CASE("a video already in the output language gets its transcript as the text with no translation calls") {
  test::PipelineEnv env;
  auto input = video(12);
  input.output_language = "en-US";
  const auto result = complete_run(env, input);
  CHECK(env.calls("translate") == 0);
  CHECK(env.calls("summary") == 1);
  for (const Paragraph& p : result.translation) CHECK_THAT(p.text, !Catch::Contains("〔"));
  // Long enough for notes: one notes call per chunk, still no translation.
  test::PipelineEnv long_env;
  input = video(40);
  input.output_language = "en";
  complete_run(long_env, input);
  CHECK(long_env.calls("translate") + long_env.calls("translate_notes") == 0);
  CHECK(long_env.calls("notes") == 2);
  CHECK(long_env.calls("summary") == 1);
}
