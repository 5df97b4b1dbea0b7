#include <catch2/catch.hpp>

#include "pipeline/text.hpp"
#include "pipeline/translation.hpp"
#include "synthetic_transcript.hpp"

using namespace ytm::pipeline;

namespace {

struct Fixture {
  std::vector<Line> lines;
  Chunk chunk;
};

Fixture ten_minutes(int chapters = 0) {
  ytm::test::SyntheticOptions options;
  options.minutes = 10;
  options.chapters = chapters;
  const auto input = ytm::test::synthetic_input(options);
  Fixture f;
  f.lines = build_lines(input.segments, sorted_chapters(input.chapters));
  f.chunk = make_chunks(f.lines, 100000, input.video.duration).at(0);
  return f;
}

// A faithful "translation": every third line starts a paragraph with its timestamp.
std::string full_translation(const Fixture& f, double share = 0.35, double skip_from = -1, double skip_to = -1) {
  std::string out;
  for (std::size_t i = f.chunk.first; i < f.chunk.last; i += 3) {
    if (f.lines[i].start >= skip_from && f.lines[i].start < skip_to) continue;
    std::size_t chars = 0;
    for (std::size_t k = i; k < std::min(i + 3, f.chunk.last); ++k) chars += f.lines[k].text.size();
    out += "[" + format_timestamp(f.lines[i].start) + "] ";
    for (std::size_t k = 0; k < static_cast<std::size_t>(static_cast<double>(chars) * share); ++k) out += "译";
    out += "\n\n";
  }
  return out;
}

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
  REQUIRE(paragraphs.size() == 3);
  CHECK(paragraphs[0].start == 900);
  CHECK(paragraphs[1].start == 900);  // 10:30 after 15:00 cannot go back
  CHECK(paragraphs[2].start == 900);
  const auto leading = parse_translation("Here it is:\n\n[10:30] b", chunk);
  REQUIRE(leading.size() == 2);
  CHECK(leading[0].start == 600);
}

TEST_CASE("length ratio depends on the language pair") {
  CHECK(expected_length_ratio("en", "zh-CN") == Approx(0.3));
  CHECK(expected_length_ratio("en-US", "en") == Approx(1.0));
  CHECK(expected_length_ratio("zh", "en") == Approx(1 / 0.3));
  CHECK(expected_length_ratio("de", "en") < 1.0);
}

TEST_CASE("a complete translation passes the checks") {
  const Fixture f = ten_minutes();
  const auto paragraphs = parse_translation(full_translation(f), f.chunk);
  CHECK_FALSE(translation_problem(paragraphs, f.lines, f.chunk, "en", "zh-CN", false));
}

TEST_CASE("a translation stopped at the token limit is cut off even when it looks whole") {
  const Fixture f = ten_minutes();
  const auto paragraphs = parse_translation(full_translation(f), f.chunk);
  const auto problem = translation_problem(paragraphs, f.lines, f.chunk, "en", "zh-CN", true);
  REQUIRE(problem);
  CHECK_THAT(*problem, Catch::Contains("token limit"));
}

TEST_CASE("a translation that stops halfway is cut off") {
  const Fixture f = ten_minutes();
  const auto paragraphs = parse_translation(full_translation(f, 0.35, 300, 1e9), f.chunk);
  const auto problem = translation_problem(paragraphs, f.lines, f.chunk, "en", "zh-CN", false);
  REQUIRE(problem);
}

TEST_CASE("a translation that skips a stretch in the middle has a gap") {
  const Fixture f = ten_minutes();
  // The paragraphs between 3:00 and 6:00 are missing, the later ones are there.
  const std::string text = full_translation(f, 0.35, 180, 360);
  const auto problem = translation_problem(parse_translation(text, f.chunk), f.lines, f.chunk, "en", "zh-CN", false);
  REQUIRE(problem);
  CHECK_THAT(*problem, Catch::Contains("far too short"));
}

TEST_CASE("a summary instead of a translation is far below the expected length") {
  const Fixture f = ten_minutes();
  const auto paragraphs = parse_translation(full_translation(f, 0.08), f.chunk);
  const auto problem = translation_problem(paragraphs, f.lines, f.chunk, "en", "zh-CN", false);
  REQUIRE(problem);
  CHECK_THAT(*problem, Catch::Contains("were expected"));
  // The same length is plenty for English → English? No: English needs about the source's length.
  CHECK(translation_problem(paragraphs, f.lines, f.chunk, "en", "en-GB", false));
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
  CHECK_FALSE(translation_problem(whole, f.lines, f.chunk, "en", "zh-CN", false));
  const auto joined = parse_translation(line_by_line(f, 1), f.chunk);
  const auto problem = translation_problem(joined, f.lines, f.chunk, "en", "zh-CN", false);
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
