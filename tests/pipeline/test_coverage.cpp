// Completeness by alignment: gaps found wherever they are, spliced answers, passages kept as the
// original transcript, and answers that are no translation.
#include <catch2/catch.hpp>

#include "pipeline/stages/accept.hpp"
#include "pipeline/stages/align.hpp"
#include "pipeline/stages/request.hpp"
#include "pipeline/stages/splice.hpp"
#include "pipeline/measure.hpp"
#include "translation_fixture.hpp"

using namespace ytm::pipeline;
using ytm::test::Fixture;
using ytm::test::full_translation;
using ytm::test::ten_minutes;

namespace {

std::vector<Gap> gaps_in(const Fixture& f, const std::string& text, bool truncated = false) {
  auto paragraphs = parse_translation(text, f.chunk);
  paragraphs = drop_cut_paragraph(std::move(paragraphs), AlignFacts{f.chunk, f.lines, truncated ? ytm::model::StopReason::max_tokens : ytm::model::StopReason::end_turn}).items;
  return find_gaps(paragraphs, f.lines, f.chunk, expected_length_ratio("en", "zh-CN"), truncated);
}

}  // namespace

TEST_CASE("a complete translation has no gaps, also when it is terser or longer than expected") {
  const Fixture f = ten_minutes();
  CHECK(gaps_in(f, full_translation(f)).empty());
  CHECK(gaps_in(f, full_translation(f, 0.15)).empty());
  CHECK(gaps_in(f, full_translation(f, 1.0)).empty());
}

TEST_CASE("a dropped tail of 5% is a gap from the last paragraph to the chunk's end") {
  const Fixture f = ten_minutes();
  // The last paragraph, from 9:24 (6% of ten minutes), is left out: the one before it now stands
  // for twice its speech.
  REQUIRE(f.lines[f.chunk.last - 3].start > 560);
  const auto gaps = gaps_in(f, full_translation(f, 0.35, 560, 1e9));
  REQUIRE(gaps.size() == 1);
  CHECK(gaps[0].last == f.chunk.last);
  CHECK(gaps[0].end == f.chunk.end);
  CHECK(gaps[0].start < 560);
  CHECK(gaps[0].start > 500);
}

TEST_CASE("a skipped middle is a gap there and nowhere else") {
  const Fixture f = ten_minutes();
  const auto gaps = gaps_in(f, full_translation(f, 0.35, 180, 360));
  REQUIRE(gaps.size() == 1);
  CHECK(gaps[0].start < 180);
  CHECK(gaps[0].end >= 355);
  CHECK(gaps[0].end <= 370);
  CHECK(gap_times(gaps).find("-6:0") != std::string::npos);
}

TEST_CASE("an answer stopped at the output limit is not trusted from its last paragraph on") {
  const Fixture f = ten_minutes();
  const auto gaps = gaps_in(f, full_translation(f), true);
  REQUIRE(gaps.size() == 1);
  CHECK(gaps[0].last == f.chunk.last);
  CHECK(gaps[0].first > f.chunk.first);
}

TEST_CASE("an uncovered start is a gap") {
  const Fixture f = ten_minutes();
  const auto gaps = gaps_in(f, full_translation(f, 0.35, -1, 60));
  REQUIRE(gaps.size() == 1);
  CHECK(gaps[0].first == f.chunk.first);
}

TEST_CASE("the answer for a gap is spliced in, and what stays missing is kept as the original") {
  const Fixture f = ten_minutes();
  auto paragraphs = parse_translation(full_translation(f, 0.35, 180, 360), f.chunk);
  const auto ratio = expected_length_ratio("en", "zh-CN");
  auto gaps = find_gaps(paragraphs, f.lines, f.chunk, ratio, false);
  REQUIRE(gaps.size() == 1);
  const std::string request = gap_transcript(gaps, f.lines, {});
  CHECK(request.find("[" + format_timestamp(gaps[0].start) + "]") == 0);
  // The gap's own translation, as a model answers a request for the passage alone.
  Fixture part = f;
  part.chunk = gap_span(gaps, f.chunk);
  const auto answer = parse_translation(full_translation(part), part.chunk);
  splice(paragraphs, answer, gaps);
  close_paragraphs(paragraphs, f.chunk.end);
  CHECK(find_gaps(paragraphs, f.lines, f.chunk, ratio, false).empty());
  CHECK(std::is_sorted(paragraphs.begin(), paragraphs.end(),
                       [](const Paragraph& a, const Paragraph& b) { return a.start < b.start; }));

  auto missing = parse_translation(full_translation(f, 0.35, 180, 360), f.chunk);
  gaps = find_gaps(missing, f.lines, f.chunk, ratio, false);
  keep_original(missing, gaps, f.lines, Untranslated::incomplete);
  close_paragraphs(missing, f.chunk.end);
  std::string original;
  for (const Paragraph& p : missing) {
    if (!p.translated()) {
      CHECK(p.untranslated == Untranslated::incomplete);
      original += p.text + " ";
    }
  }
  CHECK(original.find(f.lines[gaps[0].first].text) != std::string::npos);
  CHECK(original.find(f.lines[gaps[0].last - 1].text) != std::string::npos);
}

TEST_CASE("refusals, requests for the material and summaries are no translation") {
  const Fixture f = ten_minutes();
  std::size_t source = 0;
  for (const Line& l : f.lines) source += count_codepoints(l.text);
  const double ratio = expected_length_ratio("en", "zh-CN");
  CHECK(is_off_task("I'm sorry, but I can't help with translating this content.", 0, 60, source, ratio));
  CHECK(is_off_task("Please provide the transcript you would like me to translate.", 0, 60, source, ratio));
  CHECK(is_off_task("抱歉，我无法翻译这段内容。", 0, 12, source, ratio));
  CHECK(is_off_task("The speakers talk about chips and energy.", 0, 40, source, ratio));
  CHECK(is_off_task("[0:00] 他们谈论了芯片和能源。", 1, 12, source, ratio));
  // A translation is not, even when it says "unable to" somewhere.
  CHECK_FALSE(
      is_off_task("[0:00] 他说：I am unable to sleep.", 1, static_cast<std::size_t>(source * 0.3), source, ratio));
  CHECK_FALSE(is_off_task(full_translation(f), 20, static_cast<std::size_t>(source * 0.35), source, ratio));
}
