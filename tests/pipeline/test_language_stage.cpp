// The output-language check of a chunk's paragraphs and of the summary's fields
// (stages/language.hpp, summary_language.hpp) on real speech: English captions as the source left
// untranslated, YouTube's Chinese translation of a talk as the translation.
#include <catch2/catch.hpp>

#include "language/chinese_script.hpp"
#include "pipeline/stages/align.hpp"
#include "pipeline/stages/clean_answer.hpp"
#include "pipeline/stages/language.hpp"
#include "pipeline/summary_language.hpp"
#include "support/real_text.hpp"

using namespace ytm;
using namespace ytm::pipeline;

namespace {

const LanguageFacts en_to_zh_cn{"en", "zh-CN"};

std::vector<std::string> english() { return test::real_paragraphs("cyndi5-computerphile-manual-en-2023.json3", 4); }
std::vector<std::string> chinese() {
  return test::real_slices("1c7-crashcourse-ling4-auto-tlang-zh-Hans-2020.json3", 240);
}

// Six minutes, a line a minute of about 220 characters of English (as long as the Chinese
// paragraphs are for them, so that no stretch is short of text).
std::vector<Line> six_lines() {
  const auto said = english();
  std::vector<Line> lines;
  for (int i = 0; i < 6; ++i) {
    lines.push_back(Line{i * 60.0, i * 60.0 + 59, "", said[i].substr(0, utf8_prefix_length(said[i], 220)), -1});
  }
  return lines;
}
const Chunk whole{0, 0, 6, 0, 360, 450, -1};

std::string stamp(int minute) { return "[" + std::to_string(minute) + ":00] "; }

}  // namespace

TEST_CASE("every real English paragraph is left in English when zh-CN is asked, and no Chinese one is") {
  for (const std::string& p : english()) {
    INFO(p);
    const TextLanguage judged = judge_language(p, en_to_zh_cn);
    CHECK(judged.wrong_language);
    CHECK(judged.language == "en");
    CHECK_FALSE(judged.other_script);
  }
  for (const std::string& p : chinese()) {
    INFO(p);
    const TextLanguage judged = judge_language(p, en_to_zh_cn);
    CHECK_FALSE(judged.wrong_language);
    CHECK_FALSE(judged.other_script);
  }
}

TEST_CASE("a zh-CN paragraph with English names and terms is not flagged, nor a short one") {
  PassCounts counts;
  std::vector<Paragraph> paragraphs{
      {0, 0, "", "我们用 Kubernetes 部署了 GPT-4 模型，这比在 AWS 上自己搭建集群便宜得多。"},
      {30, 0, "", "NVIDIA 的 H100 和 TSMC 的 CoWoS 封装产能决定了 OpenAI 明年能训练多大的模型。"},
      {60, 0, "", "GPT-4"},
      {90, 0, "", "Thank you."}};
  const auto out = check_language(paragraphs, en_to_zh_cn, counts);
  CHECK(out.size() == 4);
  for (const Paragraph& p : out) CHECK(p.translated());
  CHECK(counts.empty());
}

TEST_CASE("Traditional paragraphs are converted to Simplified, not asked again") {
  std::vector<Paragraph> paragraphs;
  const auto zh = chinese();
  for (int i = 0; i < 6; ++i) {
    paragraphs.push_back(Paragraph{i * 60, 0, "", i % 2 ? language::convert_to_script(zh[i], "zh-TW") : zh[i]});
  }
  PassCounts counts;
  const auto out = check_language(paragraphs, en_to_zh_cn, counts);
  REQUIRE(out.size() == 6);
  CHECK(counts == PassCounts{{"converted to Simplified Chinese", 3}});
  for (const Paragraph& p : out) {
    CHECK(p.translated());
    CHECK(language::other_script_characters(p.text, "zh-CN") == 0);
  }
  // Simplified when zh-TW is asked: converted the other way.
  PassCounts tw;
  const auto taiwan = check_language(out, LanguageFacts{"en", "zh-TW"}, tw);
  CHECK(tw == PassCounts{{"converted to Traditional Chinese", 6}});
  for (const Paragraph& p : taiwan) CHECK(language::other_script_characters(p.text, "zh-TW") == 0);
}

TEST_CASE("a paragraph left in English becomes a gap of its stretch, an original beside its translation is dropped") {
  const auto lines = six_lines();
  const auto zh = chinese();
  std::string reply;
  // The slices of real text end anywhere; the last one ends a sentence, as a whole answer does
  // (else it is read as an answer cut off).
  for (int i = 0; i < 6; ++i) reply += stamp(i) + (i == 2 ? lines[2].text : zh[i]) + (i == 5 ? "。" : "") + "\n\n";
  reply += stamp(5) + lines[5].text + "\n\n";  // after the translation of 5:00: its original beside it
  PassCounts counts;
  const CleanAnswer answer = clean_answer(reply, false, ReadFacts{whole, lines, {}}, counts);
  const Aligned aligned = align(answer, AlignFacts{whole, lines, model::StopReason::end_turn, 0.5, en_to_zh_cn}, counts);
  INFO(describe(counts));
  CHECK(counts == PassCounts{{"left in English", 1}, {"original beside its translation", 1}});
  REQUIRE(aligned.paragraphs.size() == 6);
  CHECK(aligned.paragraphs[2].untranslated == Untranslated::wrong_language);
  REQUIRE(aligned.gaps.size() == 1);
  CHECK(aligned.gaps[0].first == 2);
  CHECK(aligned.gaps[0].last == 3);
  CHECK(aligned.gaps[0].start == 120);
  CHECK(aligned.gaps[0].end == 180);
}

// An answer that writes the original before its translation and is cut between the two: its last
// paragraph is English. It is dropped as the cut paragraph and counted once, as cut, not also as
// "left in English" (the footer and `ytmonitor status` showed both).
TEST_CASE("a cut last paragraph in English is counted as cut only") {
  const auto lines = six_lines();
  const auto zh = chinese();
  std::string reply;
  for (int i = 0; i < 4; ++i) reply += stamp(i) + zh[i] + "\n\n";
  reply += stamp(4) + lines[4].text.substr(0, lines[4].text.size() / 2);
  PassCounts counts;
  const CleanAnswer answer = clean_answer(reply, false, ReadFacts{whole, lines, {}}, counts);
  const Aligned aligned =
      align(answer, AlignFacts{whole, lines, model::StopReason::max_tokens, 0.5, en_to_zh_cn}, counts);
  INFO(describe(counts));
  CHECK(counts == PassCounts{{"cut last paragraph", 1}});
  CHECK(aligned.cut);
  REQUIRE(aligned.paragraphs.size() == 4);
  for (const Paragraph& p : aligned.paragraphs) CHECK(p.translated());
  REQUIRE(aligned.gaps.size() == 1);
  CHECK(aligned.gaps[0].first == 4);
  CHECK(aligned.gaps[0].last == 6);
}

TEST_CASE("a paragraph in a third language is not in the output language either") {
  const TextLanguage japanese = judge_language("これは日本語の文章です。私たちは未来について話します。", en_to_zh_cn);
  CHECK(japanese.wrong_language);
  CHECK(japanese.language == "ja");
  CHECK(left_in_name(japanese.language) == "left in Japanese");
  CHECK_FALSE(judge_language("我们今天讨论的是人工智能的未来，以及它对日本和韩国的影响。", LanguageFacts{"ja", "zh-CN"})
                  .wrong_language);
}

TEST_CASE("a video already in the output language is not checked") {
  PassCounts counts;
  const auto out = check_language({Paragraph{0, 0, "", english()[0]}}, LanguageFacts{"en", "en-US"}, counts);
  CHECK(out[0].translated());
  CHECK(counts.empty());
}

TEST_CASE("summary fields: the other script converted, English ones named for the question again") {
  const auto zh = chinese();
  nlohmann::json summary{{"intro", zh[0]},
                         {"tldr", english()[0]},
                         {"chapters",
                          {{{"start", 0},
                            {"title", language::convert_to_script("语言学的句法结构", "zh-TW")},
                            {"summary", "讲者用 GPT-4 和 Kubernetes 举例说明句子成分。"}},
                           {{"start", 60}, {"title", "Syntax trees and how we draw them"}, {"summary", zh[1]}}}},
                         {"people", {{{"name", "Taylor Behnke"}, {"identity", "Host"}, {"views", zh[2]}}}}};
  const SummaryLanguage checked = check_summary_language(summary, en_to_zh_cn);
  CHECK(checked.converted == 1);
  CHECK(checked.summary["chapters"][0]["title"] == "语言学的句法结构");
  CHECK(checked.wrong == std::vector<std::string>{"tldr", "chapters[1].title"});
  CHECK(checked.language == "en");
  CHECK(summary_left_in_name("en") == "summary fields left in English");
  CHECK(summary_converted_name("zh-CN") == "summary fields converted to Simplified Chinese");
}
