#include <catch2/catch.hpp>

#include "pipeline/stages/accept.hpp"
#include "pipeline/stages/align.hpp"
#include "pipeline/stages/clean_answer.hpp"
#include "pipeline/stages/splice.hpp"
#include "pipeline/measure.hpp"
#include "translation_fixture.hpp"

using namespace ytm::pipeline;

namespace {

using ytm::test::Fixture;
using ytm::test::ten_minutes;

// A paragraph per line; a line in joined_chapter's first line runs on from the paragraph before.
std::string line_by_line(const Fixture& f, int joined_chapter = -1) {
  std::string out;
  for (std::size_t i = f.chunk.first; i < f.chunk.last; ++i) {
    const bool joined = f.lines[i].chapter == joined_chapter && f.lines[i - 1].chapter != joined_chapter;
    out += joined ? "" : "\n\n[" + format_timestamp(f.lines[i].start) + "] ";
    for (std::size_t k = 0; k < f.lines[i].text.size() / 3; ++k) out += "译";
  }
  return out;
}

}  // namespace

TEST_CASE("a translation reply becomes timestamped paragraphs with speakers") {
  const Chunk chunk{0, 0, 0, 60, 400, 0, -1};
  const auto paragraphs = parse_translation(
      "```\n[1:00] **Jensen Huang:** 让我想想。\n有些事情并没有让我意外。\n\n[2:05] **主持人**: "
      "好的。\n\n没有时间戳的一段。\n"
      "[5:30] 最后一段。\n```",
      chunk);
  REQUIRE(paragraphs.size() == 3);
  CHECK(paragraphs[0].start == 60);
  CHECK(paragraphs[0].end == 125);
  CHECK(paragraphs[0].speaker == "Jensen Huang");
  CHECK(paragraphs[0].text == "让我想想。 有些事情并没有让我意外。");
  CHECK(paragraphs[1].speaker == "主持人");
  CHECK(paragraphs[1].text == "好的。 没有时间戳的一段。");
  CHECK(paragraphs[2].start == 330);
  CHECK(paragraphs[2].end == 400);
}

TEST_CASE("paragraph times are clamped to the chunk and kept in order") {
  const Chunk chunk{0, 0, 0, 600, 900, 0, -1};
  const auto paragraphs = parse_translation("[1:00:00] a\n\n[10:30] b\n\n[10:10] c\n\nno timestamp first?", chunk);
  // All three at the chunk's end (10:30 after 15:00 cannot go back): one time, one paragraph, so no
  // two share a link.
  REQUIRE(paragraphs.size() == 1);
  CHECK(paragraphs[0].start == 900);
  CHECK(paragraphs[0].text == "a b c no timestamp first?");
  // Text before the first stamp starts at the chunk's start; a lead-in ending with a colon is no text.
  const auto leading = parse_translation("This is where it begins.\n\n[10:30] b", chunk);
  REQUIRE(leading.size() == 2);
  CHECK(leading[0].start == 600);
  CHECK(parse_translation("Here it is:\n\n[10:30] b", chunk).size() == 1);
}

TEST_CASE("length ratio depends on the language pair") {
  CHECK(expected_length_ratio("en", "zh-CN") == Approx(0.3));
  CHECK(expected_length_ratio("en-US", "en") == Approx(1.0));
  CHECK(expected_length_ratio("zh", "en") == Approx(1 / 0.3));
  CHECK(expected_length_ratio("de", "en") < 1.0);
}

TEST_CASE("a video already in the output language becomes paragraphs of its own lines") {
  ytm::test::SyntheticOptions options;
  options.minutes = 10;
  options.speakers = true;
  const auto input = ytm::test::synthetic_input(options);
  const auto lines = build_lines(input.segments, {});
  const auto paragraphs = paragraphs_from_lines(lines, input.video.duration);
  REQUIRE(paragraphs.size() > 5);
  std::size_t source_chars = 0, text_chars = 0;
  for (const auto& line : lines) source_chars += line.text.size() + 1;
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    text_chars += paragraphs[i].text.size() + 1;
    CHECK(paragraphs[i].end - paragraphs[i].start <= 95);
    CHECK_FALSE(paragraphs[i].speaker.empty());
    if (i + 1 < paragraphs.size()) CHECK(paragraphs[i].end == paragraphs[i + 1].start);
  }
  CHECK(text_chars == source_chars);
  CHECK(paragraphs.back().end == 600);
}

TEST_CASE("the notes block at the end of an answer is split from the translation") {
  const std::string reply =
      "[0:00] 第一段。\n\n[0:30] 第二段。\n\n```notes\n{\"points\":[],\"quotes\":[],\"names\":[]}\n```\n";
  const auto split = split_notes_block(reply);
  REQUIRE(split.notes);
  CHECK(*split.notes == "{\"points\":[],\"quotes\":[],\"names\":[]}");
  CHECK(split.translation == "[0:00] 第一段。\n\n[0:30] 第二段。\n");
  // A fenced json block counts too; a missing closing fence runs to the end of the answer.
  const auto unclosed = split_notes_block("[0:00] text\n```json\n{\"names\":[]}");
  REQUIRE(unclosed.notes);
  CHECK(*unclosed.notes == "{\"names\":[]}");
  const auto none = split_notes_block("[0:00] text only\n");
  CHECK_FALSE(none.notes);
  CHECK(none.translation == "[0:00] text only\n");
}

TEST_CASE("chapter marker lines the model copied are not part of any paragraph") {
  Chunk chunk;
  chunk.start = 0;
  chunk.end = 120;
  const auto paragraphs = parse_translation("[0:00] 一。\n\n--- chapter: Two ---\n\n[1:00] 二。\n", chunk);
  REQUIRE(paragraphs.size() == 2);
  CHECK(paragraphs[0].text == "一。");
  CHECK(paragraphs[1].start == 60);
}

TEST_CASE("a translation whose paragraph runs across a chapter start is misplaced, one that breaks there is not") {
  const Fixture f = ten_minutes(2);
  REQUIRE(f.lines.back().chapter == 1);
  const auto whole = parse_translation(line_by_line(f), f.chunk);
  CHECK_FALSE(chapter_break_problem(whole, f.lines, f.chunk));
  const auto joined = parse_translation(line_by_line(f, 1), f.chunk);
  const auto problem = chapter_break_problem(joined, f.lines, f.chunk);
  REQUIRE(problem);
  CHECK_THAT(*problem, Catch::Contains("where the chapter at 5:0"));
}

TEST_CASE("a chunk holding a chapter start halves there, not at its middle") {
  const Fixture f = ten_minutes(4);
  const auto halves = split_chunk(f.lines, f.chunk);
  REQUIRE(halves);
  // Of the starts at 2:30, 5:00 and 7:30, the one nearest the middle.
  CHECK(f.lines[halves->second.first].chapter == 2);
  CHECK(f.lines[halves->second.first - 1].chapter == 1);
  CHECK(halves->second.chapter == 2);
  CHECK(has_chapter_start(f.lines, f.chunk));
}
