#pragma once
// Stage 6 of a chunk's line: spliced. An answer for a chunk's gaps spliced into its text; what is
// still missing kept as the original transcript, marked with why; the chunks' texts joined into
// the video's. Plain functions.
#include <string>
#include <vector>

#include "pipeline/chunking.hpp"
#include "pipeline/result.hpp"
#include "pipeline/stages/types.hpp"

namespace ytm::pipeline {

// The gaps' paragraphs of `into` replaced by those of `answer` that start inside a gap.
void splice(std::vector<Paragraph>& into, const std::vector<Paragraph>& answer, const std::vector<Gap>& gaps);
// The gaps still missing once the answer to `asked` (all of one gap, or its leading part) is in:
// what that answer left out of it (`left`), and the rest of the gaps as they were.
std::vector<Gap> gaps_after(const std::vector<Gap>& gaps, const Gap& asked, const std::vector<Gap>& left);
// The gaps' paragraphs replaced by the original lines, marked untranslated for `reason`.
void keep_original(std::vector<Paragraph>& into, const std::vector<Gap>& gaps, const std::vector<Line>& lines,
                   Untranslated reason);
// The chunk's text settled: what the gaps still miss kept as the original (marked with `reason`,
// or with the mark of a paragraph in the gap marked untranslated), every paragraph ended where the
// next begins, the last at `end`.
void settle(std::vector<Paragraph>& paragraphs, const std::vector<Gap>& gaps, const std::vector<Line>& lines,
            Untranslated reason, double end);

// The chunks' paragraphs in order, each ending where the next begins, the last at the video's end.
std::vector<Paragraph> join_chunks(const std::vector<std::vector<Paragraph>>& chunks, double video_end);
// Runs of untranslated paragraphs and their seconds, into the result's coverage.
void count_untranslated(VideoResult& result);

// The cleaned transcript as the full text, for a video already in the output language:
// paragraphs of up to about a minute, broken at speaker changes and chapter starts.
std::vector<Paragraph> paragraphs_from_lines(const std::vector<Line>& lines, double video_end);

}  // namespace ytm::pipeline
