#pragma once
// Whether a chunk's translation covers its source, found by alignment: each paragraph is tied to
// the source line its stamp points at and stands for the lines up to the next paragraph's. A
// stretch of source before the first paragraph, or one whose paragraph is far shorter than the
// answer's own ratio of translated to source text, is a gap wherever it lies and however small a
// share of the chunk it is. Gaps are asked for on their own and spliced in; what stays missing is
// kept as the original transcript under a visible note.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/chunking.hpp"
#include "pipeline/result.hpp"

namespace ytm::pipeline {

// Source lines [first, last) of the chunk that no paragraph translates.
struct Gap {
  std::size_t first = 0;
  std::size_t last = 0;
  double start = 0;  // the first line's start
  double end = 0;    // the next line's start, or the chunk's end
};

// truncated: the answer stopped at the output limit, so its last paragraph is not trusted and
// everything from it on is a gap.
std::vector<Gap> find_gaps(std::vector<Paragraph>& paragraphs, const std::vector<Line>& lines, const Chunk& chunk,
                           double expected_ratio, bool truncated);

// The part of the chunk a gap request covers: from the first gap's start to the last one's end.
Chunk gap_span(const std::vector<Gap>& gaps, const Chunk& chunk);
// The gaps' lines as a gap request carries them, a "--- … ---" line between two gaps.
std::string gap_transcript(const std::vector<Gap>& gaps, const std::vector<Line>& lines,
                           const std::vector<SourceChapter>& chapters);
// "41:10-44:30" or "41:10-44:30, 50:02-51:00".
std::string gap_times(const std::vector<Gap>& gaps);

// The gaps' paragraphs of `into` replaced by those of `answer` that start inside a gap.
void splice(std::vector<Paragraph>& into, const std::vector<Paragraph>& answer, const std::vector<Gap>& gaps);
// The gaps' paragraphs replaced by the original lines, marked untranslated for `reason`.
void keep_original(std::vector<Paragraph>& into, const std::vector<Gap>& gaps, const std::vector<Line>& lines,
                   const std::string& reason);
// Every paragraph ends where the next begins, the last at `end`.
void close_paragraphs(std::vector<Paragraph>& paragraphs, double end);

// An answer that is no translation: a refusal, a request for the material, or far too short for
// the chunk with no paragraph stamps (a summary instead of the text).
bool is_off_task(std::string_view reply, int stamped, std::size_t target_chars, std::size_t source_chars,
                 double expected_ratio);

}  // namespace ytm::pipeline
