// The whole pipeline against tests/fakes/fake_model answering as real models do, one habit at a
// time, on the anthropic and openai backends: a document is written, none of the injected text is
// in it, every source line is in it, and the calls are counted.
#include <catch2/catch.hpp>

#include <algorithm>

#include "injected_text.hpp"
#include "pipeline_harness.hpp"
#include "render/markdown.hpp"
#include "run_checks.hpp"
#include "synthetic_transcript.hpp"

using namespace ytm;
using namespace ytm::pipeline;

namespace {

// Beside the injected text: the marks a styled answer's punctuation and fences must not leave.
const std::vector<std::string> injected = [] {
  auto texts = test::injected_text();
  for (const char* mark : {"：**：", ":**：", "```"}) texts.emplace_back(mark);
  return texts;
}();

struct StyleCase {
  std::string style;
  int count;        // answers the style touches (one answer, or every answer)
  int extra_calls;  // beyond the clean run's three
};

// A 40-minute talk: two chunks answering translation and notes in one call each, then the summary.
constexpr int clean_calls = 3;

const std::vector<StyleCase> styles{
    {"preamble", 100, 0},
    {"postscript", 100, 0},
    {"stamp_variants", 100, 0},
    {"speaker_variants", 100, 0},
    {"merged_paragraphs", 100, 0},
    {"trailing_commas", 100, 0},
    {"string_times", 100, 0},
    {"ms_times", 100, 0},
    {"extra_keys", 100, 0},
    {"missing_lists", 100, 0},
    {"fullwidth_punctuation", 100, 0},
    {"think", 100, 0},
    {"thinking", 100, 0},
    {"reasoning", 100, 0},
    {"empty_think", 100, 0},
    {"repeated_paragraph", 100, 0},
    {"looping_sentence", 100, 0},
    {"relative_stamps", 100, 0},
    // One extra call: the missing stretch asked for on its own, or the refusal asked again. One
    // answer only: with two, which answers they land on depends on the order requests arrive in (a
    // chunk refused twice is rightly kept as original), and a test must not depend on it.
    {"dropped_tail", 1, 1},
    {"summarised_passage", 1, 1},
    {"refusal", 1, 1}};

void check_document(const VideoResult& result, const PipelineInput& input) {
  test::check_complete(result, input);
  test::check_said_once(result);
  const std::string document = render::render_markdown(result, render::RenderOptions{});
  for (const auto& text : injected) {
    INFO("injected: " << text);
    CHECK(document.find(text) == std::string::npos);
  }
  for (const Paragraph& p : result.translation) CHECK(p.translated());
  CHECK(result.coverage.untranslated_passages == 0);
  CHECK_FALSE(result.summary.chapters.empty());
}

void run_every_style(config::ModelBackend backend) {
  const auto input = test::synthetic_talk(40);
  for (const StyleCase& c : styles) {
    INFO(c.style);
    test::PipelineEnv env;
    env.use_backend(backend);
    env.fake.faults({{c.style, c.count}});
    auto result = env.run(input);
    REQUIRE(result.ok());
    check_document(*result, input);
    CHECK(env.fake.stats()["styles"].value(c.style, 0) >= std::min(c.count, 2));
    CHECK(result->usage.calls == clean_calls + c.extra_calls);
    CHECK(env.fake.stats()["total"] == result->usage.calls);
  }
}

}  // namespace

TEST_CASE("anthropic: answers in every style real models write give a whole, clean document") {
  run_every_style(config::ModelBackend::anthropic);
}

TEST_CASE("openai: answers in every style real models write give a whole, clean document") {
  run_every_style(config::ModelBackend::openai);
}

TEST_CASE("a habit kept through the repair request costs one repair, not the video") {
  test::PipelineEnv env;
  env.use_backend(config::ModelBackend::openai);  // answers as text, so a repair can keep a text habit
  env.fake.faults({{"invalid_json", 1}, {"trailing_commas", 100}, {"stubborn", true}});
  const auto input = test::synthetic_talk(12);
  auto result = env.run(input);
  REQUIRE(result.ok());
  CHECK(env.calls("repair") == 1);
  CHECK(env.fake.stats()["styles"].value("trailing_commas", 0) >= 1);
  check_document(*result, input);
}

TEST_CASE("a model that refuses every part: the transcript is kept under a visible note, the video is done") {
  test::PipelineEnv env;
  env.fake.faults({{"refusal", 100}});
  const auto input = test::synthetic_talk(40);
  auto result = env.run(input);
  REQUIRE(result.ok());
  test::check_complete(*result, input);
  for (const Paragraph& p : result->translation) CHECK(p.untranslated == Untranslated::refused);
  CHECK(result->coverage.untranslated_passages == 1);
  CHECK(result->coverage.untranslated_seconds == input.video.duration);
  // Each chunk asked once more, then the summary from what notes there are.
  CHECK(env.calls("translate_notes") == 4);
  CHECK(env.calls("summary") == 1);
  const std::string document = render::render_markdown(*result, render::RenderOptions{});
  CHECK_THAT(document, Catch::Contains("未翻译：模型拒绝翻译这一段"));
  CHECK_THAT(document, Catch::Contains("1 段保留原文"));
}

// Whole paragraphs left out at the end are no cut answer, also where a paragraph ends mid-sentence
// because its caption lines do (captions without punctuation): the rest is asked for at its own
// size, never in ever smaller pieces, and nothing is reported as cut.
TEST_CASE("a model that keeps leaving out the end: two asks for the rest, then the original under a note") {
  for (const bool punctuation : {true, false}) {
    INFO("captions with punctuation: " << punctuation);
    test::PipelineEnv env;
    env.fake.faults({{"dropped_tail", 100}});
    test::SyntheticOptions options;
    options.minutes = 40;
    options.speakers = true;
    options.punctuation = punctuation;
    const auto input = test::synthetic_input(options);
    auto result = env.run(input);
    REQUIRE(result.ok());
    test::check_complete(*result, input);
    // Every answer leaves out its last paragraphs, the gap answers too: two extra calls per chunk.
    CHECK(env.calls("translate_notes") == 2);
    CHECK(env.calls("translate") == 4);
    CHECK(result->usage.calls == clean_calls + 4);
    CHECK(std::none_of(result->passes.begin(), result->passes.end(),
                       [](const PassNote& p) { return p.name == "cut last paragraph"; }));
    const std::string document = render::render_markdown(*result, render::RenderOptions{});
    for (const Paragraph& p : result->translation) {
      if (!p.translated()) CHECK(p.untranslated == Untranslated::incomplete);
    }
    if (result->coverage.untranslated_passages > 0) CHECK_THAT(document, Catch::Contains("未翻译"));
  }
}
