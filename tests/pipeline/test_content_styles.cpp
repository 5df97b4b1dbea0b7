// The whole pipeline against tests/fakes/fake_model answering with the content habits of long
// translation work (issue 21: rounded stamps, lists, tables, pseudo-headings, outros, translator's
// notes, answers cut mid-sentence with end_turn or no stop reason), one at a time, on the
// anthropic and openai backends: a document is written, none of the injected text or formatting
// is in it, every source line is translated, what was cleaned is reported, and the calls are
// counted exactly.
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

// What the content styles write, beside every other style's (fake_model_styles.py, INJECTED).
const std::vector<std::string> injected = [] {
  auto texts = test::injected_text();
  for (const char* text : {"感谢收看", "请点赞", "译注", "Translator's note", "部分**", "译文内容"}) {
    texts.emplace_back(text);
  }
  return texts;
}();

struct StyleCase {
  std::string style;
  int count;         // answers the style touches
  int calls;         // all calls of the run, exactly
  std::string pass;  // the check whose count the result reports
};

// A 40-minute talk: two chunks answering translation and notes in one call each, then the summary
// (3 calls clean). A cut answer (one only: which chunk's depends on the order requests arrive in,
// and both are cut alike) loses its notes block and stops mid-sentence about half-way: what it
// managed before its last paragraph is about 9.5 of the chunk's 20 minutes, so the rest (10.5
// minutes) is asked for in two requests no larger than that, then the chunk's notes: 3 + 2 + 1.
const std::vector<StyleCase> styles{
    {"rounded_stamps", 100, 3, "approximate stamps"},
    {"list", 100, 3, "list items"},
    {"table", 100, 3, "table rows"},
    {"pseudo_heading", 100, 3, "pseudo-headings"},
    {"outro", 100, 3, "outros"},
    {"translator_note", 100, 3, "translator's notes"},
    {"cut_end_turn", 1, 6, "cut last paragraph"},
    {"cut_no_stop", 1, 6, "cut last paragraph"},
};

void check_document(const VideoResult& result, const PipelineInput& input) {
  test::check_complete(result, input);
  test::check_said_once(result);
  test::check_no_furniture(result);
  test::check_own_links(result);
  const std::string document = render::render_markdown(result, render::RenderOptions{});
  for (const auto& text : injected) {
    INFO("injected: " << text);
    CHECK(document.find(text) == std::string::npos);
  }
  for (const Paragraph& p : result.translation) CHECK(p.translated());
  CHECK(result.coverage.untranslated_passages == 0);
}

int reported(const VideoResult& result, const std::string& pass) {
  for (const auto& p : result.passes) {
    if (p.name == pass) return p.count;
  }
  return 0;
}

// The cut chunk's rest was asked for in two requests, each asking for no more than the cut answer
// wrote (it would stop at the same limit) and smaller than the request that was cut.
void check_smaller_requests(test::PipelineEnv& env, const PipelineInput& input) {
  const auto steps = env.store.steps(input.video.id);
  const auto step = [&](const std::string& name) -> const store::Step* {
    const auto found = std::find_if(steps.begin(), steps.end(), [&](const store::Step& s) { return s.name == name; });
    return found == steps.end() ? nullptr : &*found;
  };
  const std::string chunk = step("translate/0/gap1") ? "translate/0" : "translate/1";
  const auto* cut = step(chunk + "/answer");
  REQUIRE(cut);
  for (const std::string gap : {"/gap1", "/gap2"}) {
    INFO(chunk + gap);
    const auto* asked = step(chunk + gap);
    REQUIRE(asked);
    CHECK(asked->input_tokens < cut->input_tokens * 3 / 4);
    CHECK(asked->output_tokens <= cut->output_tokens);
  }
  CHECK_FALSE(step(chunk + "/gap3"));
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
    CHECK(env.fake.stats()["styles"].value(c.style, 0) == std::min(c.count, 2));
    CHECK(result->usage.calls == c.calls);
    CHECK(env.fake.stats()["total"] == result->usage.calls);
    CHECK(reported(*result, c.pass) > 0);
    if (c.style.starts_with("cut_")) check_smaller_requests(env, input);
    // The footer says what was cleaned, in the document's words.
    const std::string document = render::render_markdown(*result, render::RenderOptions{});
    CHECK_THAT(document, Catch::Contains("*清理："));
  }
}

}  // namespace

TEST_CASE("anthropic: content habits of long translations give a whole document in the exact calls") {
  run_every_style(config::ModelBackend::anthropic);
}

TEST_CASE("openai: content habits of long translations give a whole document in the exact calls") {
  run_every_style(config::ModelBackend::openai);
}

// The final words of a talk, after an answer cut near its end with end_turn or no stop reason:
// 15 words, about 90 characters, below the 120 a missing tail needs to be noticed by its length. A
// 12-minute talk is one translation and one summary call, and the last words one more.
void check_last_words(config::ModelBackend backend, const std::string& style) {
  INFO(style);
  const auto input = test::synthetic_talk(12);
  test::PipelineEnv env;
  env.use_backend(backend);
  env.fake.faults({{style, 1}, {"cut_words", 15}});
  auto result = env.run(input);
  REQUIRE(result.ok());
  check_document(*result, input);
  CHECK(env.fake.stats()["styles"].value(style, 0) == 1);
  CHECK(result->usage.calls == 3);
  CHECK(env.calls("translate") == 2);
  CHECK(reported(*result, "cut last paragraph") == 1);
  REQUIRE(env.store.step(input.video.id, "translate/0/gap1"));
  CHECK_FALSE(env.store.step(input.video.id, "translate/0/gap2"));
}

TEST_CASE("anthropic: the last words of a talk cut off near its end are translated like any other stretch") {
  check_last_words(config::ModelBackend::anthropic, "cut_end_turn");
  check_last_words(config::ModelBackend::anthropic, "cut_no_stop");
}

TEST_CASE("openai: the last words of a talk cut off near its end are translated like any other stretch") {
  check_last_words(config::ModelBackend::openai, "cut_end_turn");
  check_last_words(config::ModelBackend::openai, "cut_no_stop");
}

// Captions without punctuation: every paragraph ends mid-sentence where its caption lines do, so an
// answer cut half-way with end_turn, or with no stop reason, on a request without notes (a
// 12-minute talk is one chunk, translated without notes) is told from a whole one by its stop
// reason, or by leaving out more than it translated. It is cut: its last paragraph is dropped and
// the rest (7:17, more than the 4:43 it managed) asked for in two requests no larger than that,
// not once at full size.
void check_unpunctuated_cut(config::ModelBackend backend, const std::string& style) {
  INFO(style);
  test::SyntheticOptions options;
  options.minutes = 12;
  options.punctuation = false;
  const auto input = test::synthetic_input(options);
  test::PipelineEnv env;
  env.use_backend(backend);
  env.fake.faults({{style, 1}});
  auto result = env.run(input);
  REQUIRE(result.ok());
  check_document(*result, input);
  CHECK(env.calls("translate") == 3);
  CHECK(result->usage.calls == 4);
  CHECK(reported(*result, "cut last paragraph") == 1);
  const auto answer = env.store.step(input.video.id, "translate/0/answer");
  const auto rest = env.store.step(input.video.id, "translate/0/gap1");
  REQUIRE(answer);
  REQUIRE(rest);
  CHECK(rest->input_tokens < answer->input_tokens * 3 / 4);
}

TEST_CASE("captions without punctuation: an answer cut with end_turn or no stop reason is asked on from where it stopped") {
  check_unpunctuated_cut(config::ModelBackend::anthropic, "cut_end_turn");
  check_unpunctuated_cut(config::ModelBackend::anthropic, "cut_no_stop");
  check_unpunctuated_cut(config::ModelBackend::openai, "cut_end_turn");
  check_unpunctuated_cut(config::ModelBackend::openai, "cut_no_stop");
}

// A model that stops half-way through whatever it is asked (every answer cut mid-sentence, its
// notes lost). Each cut sizes the next request to what the cut answer managed, down to a floor of
// about a dozen lines (1.5 minutes); a request cut inside its first paragraph is followed by one
// twice its size. Requests that get further are free up to 8 per chunk: each chunk's answer, 8
// requests that got further and the 2 extra calls that did not (17 translate calls in all), the
// notes of each chunk and the summary. The last paragraphs of each chunk (which such a model cuts
// however small the request) are kept as the original under a note: 64 s of chunk 1's, 54 s of
// chunk 2's. Before, 9 calls: each chunk asked twice after its cut answer, the rest left as the original.
TEST_CASE("a model that stops half-way through every answer: ever smaller requests until each chunk's last minute") {
  const auto input = test::synthetic_talk(40);
  test::PipelineEnv env;
  env.fake.faults({{"cut_end_turn", 100}});
  auto result = env.run(input);
  REQUIRE(result.ok());
  test::check_complete(*result, input);
  CHECK(env.calls("translate_notes") == 2);
  CHECK(env.calls("translate") == 17);
  CHECK(env.calls("notes") == 2);
  CHECK(result->usage.calls == 22);
  CHECK(result->coverage.untranslated_passages == 2);
  CHECK(result->coverage.untranslated_seconds == 64 + 54);
  for (const Paragraph& p : result->translation) {
    if (!p.translated()) CHECK(p.untranslated == Untranslated::cut_off);
  }
  // No request after a cut carries more than the cut answer it follows was asked for.
  for (const std::string chunk : {"translate/0", "translate/1"}) {
    const auto answer = env.store.step(input.video.id, chunk + "/answer");
    REQUIRE(answer);
    const auto first_gap = env.store.step(input.video.id, chunk + "/gap1");
    REQUIRE(first_gap);
    CHECK(first_gap->input_tokens < answer->input_tokens * 3 / 4);
  }
}
