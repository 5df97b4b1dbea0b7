// The whole pipeline against tests/fakes/fake_model answering in the wrong language or script, one
// habit at a time, on the anthropic and openai backends: a document is written; no paragraph and
// no summary field is in a language or script other than zh-CN's; every source line is in it,
// translated; the calls are counted exactly.
#include <catch2/catch.hpp>

#include "language/chinese_script.hpp"
#include "pipeline/stages/language.hpp"
#include "pipeline_harness.hpp"
#include "render/markdown.hpp"
#include "run_checks.hpp"
#include "synthetic_transcript.hpp"

using namespace ytm;
using namespace ytm::pipeline;

namespace {

const LanguageFacts en_to_zh_cn{"en", "zh-CN"};

struct LanguageCase {
  std::string style;
  int count;        // answers the style may touch
  int styled;       // answers it touched: both chunks' translations, or the one summary
  int extra_calls;  // beyond the clean run's three (two chunks with their notes, the summary)
  int repairs;      // of them, summaries asked again for their language
};

const std::vector<LanguageCase> cases{
    {"traditional", 100, 2, 0, 0},     // converted, never asked again
    {"bilingual", 100, 2, 0, 0},       // the originals dropped
    {"source_language", 1, 1, 1, 0},   // the paragraphs left in English asked for in one gap call
    {"english_summary", 100, 1, 1, 1}  // the summary asked once more for its fields in zh-CN
};

// The texts of a summary a reader reads.
std::vector<std::string> reader_texts(const Summary& s) {
  std::vector<std::string> texts{s.tldr, s.intro};
  for (const Chapter& c : s.chapters) texts.insert(texts.end(), {c.title, c.summary});
  for (const Argument& a : s.arguments) texts.insert(texts.end(), {a.title, a.content, a.practical_meaning});
  for (const Person& p : s.people) texts.insert(texts.end(), {p.identity, p.views});
  for (const Quote& q : s.quotes) texts.push_back(q.translation);
  return texts;
}

void check_in_zh_cn(const VideoResult& result, const PipelineInput& input) {
  test::check_complete(result, input);
  test::check_said_once(result);
  int wrong = 0, untranslated = 0;
  for (const Paragraph& p : result.translation) {
    INFO(p.text);
    wrong += judge_language(p.text, en_to_zh_cn).wrong_language ? 1 : 0;
    untranslated += p.translated() ? 0 : 1;
  }
  CHECK(wrong == 0);
  CHECK(untranslated == 0);
  CHECK(result.coverage.untranslated_passages == 0);
  int wrong_fields = 0;
  for (const std::string& text : reader_texts(result.summary)) {
    INFO(text);
    wrong_fields += judge_language(text, en_to_zh_cn).wrong_language ? 1 : 0;
  }
  CHECK(wrong_fields == 0);
  const std::string document = render::render_markdown(result, render::RenderOptions{});
  CHECK(language::other_script_characters(document, "zh-CN") == 0);
}

void run_language_styles(config::ModelBackend backend) {
  const auto input = test::synthetic_talk(40);
  for (const LanguageCase& c : cases) {
    INFO(c.style);
    test::PipelineEnv env;
    env.use_backend(backend);
    env.fake.faults({{c.style, c.count}});
    auto result = env.run(input);
    REQUIRE(result.ok());
    check_in_zh_cn(*result, input);
    CHECK(env.fake.stats()["styles"].value(c.style, 0) == c.styled);
    CHECK(result->usage.calls == 3 + c.extra_calls);
    CHECK(env.calls("repair") == c.repairs);
    CHECK(env.fake.stats()["total"] == result->usage.calls);
  }
}

}  // namespace

TEST_CASE("anthropic: answers in the wrong language or script give a document wholly in zh-CN") {
  run_language_styles(config::ModelBackend::anthropic);
}

TEST_CASE("openai: answers in the wrong language or script give a document wholly in zh-CN") {
  run_language_styles(config::ModelBackend::openai);
}

TEST_CASE("a summary still in English when asked again is kept as it is, the video done") {
  test::PipelineEnv env;
  env.use_backend(config::ModelBackend::openai);
  env.fake.faults({{"english_summary", 100}, {"stubborn", true}});
  const auto input = test::synthetic_talk(40);
  auto result = env.run(input);
  REQUIRE(result.ok());
  test::check_complete(*result, input);
  CHECK(result->usage.calls == 4);
  CHECK(env.calls("repair") == 1);
  CHECK(judge_language(result->summary.tldr, en_to_zh_cn).wrong_language);
  CHECK_THAT(result->summary.tldr, !Catch::Contains("〔"));
}

TEST_CASE(
    "a model that leaves paragraphs in English in every answer: two asks for them, then the original under a note "
    "saying so") {
  test::PipelineEnv env;
  env.fake.faults({{"source_language", 100}});
  const auto input = test::synthetic_talk(40);
  auto result = env.run(input);
  REQUIRE(result.ok());
  test::check_complete(*result, input);
  // Every answer, the gap answers too, leaves at least one paragraph in English: each chunk spends
  // its two extra calls.
  CHECK(env.calls("translate_notes") == 2);
  CHECK(env.calls("translate") == 4);
  CHECK(result->usage.calls == 7);
  CHECK(result->coverage.untranslated_passages >= 1);
  int kept = 0;
  for (const Paragraph& p : result->translation) {
    if (p.translated()) {
      CHECK_FALSE(judge_language(p.text, en_to_zh_cn).wrong_language);
    } else {
      CHECK(p.untranslated == Untranslated::wrong_language);
      ++kept;
    }
  }
  CHECK(kept >= result->coverage.untranslated_passages);
  const std::string document = render::render_markdown(*result, render::RenderOptions{});
  CHECK_THAT(document, Catch::Contains("未翻译：模型多次把这一段留在原文的语言"));
  CHECK_THAT(document, Catch::Contains(std::to_string(result->coverage.untranslated_passages) + " 段保留原文"));
}
