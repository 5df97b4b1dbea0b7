#pragma once
// Stage 4 of a chunk's line: aligned paragraphs. The cleaned answer's paragraphs placed in the
// chunk (stamps clamped to it and kept in order; a dropped invented label takes the transcript's
// speaker there), before that the stamp passes (stamp_passes) and after it the align passes
// (align_passes), then whether the text covers its
// source, found by alignment: each paragraph is tied to the source line its stamp points at and
// stands for the lines up to the next paragraph's. A stretch of source before the first paragraph,
// or one whose paragraph is far shorter than the answer's own ratio of translated to source text,
// is a gap wherever it lies and however small a share of the chunk it is. Plain functions.
#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/chunking.hpp"
#include "pipeline/result.hpp"
#include "pipeline/stages/clean_answer.hpp"
#include "pipeline/stages/language.hpp"
#include "pipeline/stages/types.hpp"

namespace ytm::pipeline {

// What aligning knows about the answer: the part of the chunk it answers and the transcript,
// why it stopped as the backend said, the expected ratio of translated to source text, whether it
// was asked for notes and holds no notes block (they come last: it stopped early), and whether an
// earlier answer for the chunk was cut off (the model stops at an output limit).
struct AlignFacts {
  const Chunk& chunk;
  const std::vector<Line>& lines;
  model::StopReason stop = model::StopReason::end_turn;
  double expected_ratio = 1;
  LanguageFacts language{};  // empty: not checked
  bool notes_lost = false;
  bool cut_before = false;
  bool cut = false;  // judged cut off by align, for the passes after it

  [[nodiscard]] bool truncated() const { return cut || stop == model::StopReason::max_tokens; }
};

struct Aligned {
  std::vector<Paragraph> paragraphs;  // ends set
  std::vector<Gap> gaps;              // of the part it answers
  // Cut off: stopped at the output limit, or its last paragraph ends mid-sentence while its source
  // goes on and the answer gave no stop reason (or an odd one), its notes block is missing, an
  // earlier answer for the chunk was cut, the paragraph is far shorter than the answer's others, or
  // the source does not break off mid-sentence where its text ends (see ending_of in align.cpp).
  // Its last paragraph is dropped (what the language check said of it is not counted), and from
  // where it began is a gap.
  bool cut = false;
  std::size_t covered = 0;  // when cut: the source characters it translated before its last paragraph
};

// The stamp passes (stages/stamp_passes.cpp).
// A model that numbers the text it was given writes every chunk's stamps from 0:00: when all of
// an answer's stamps fall inside the chunk's length while the chunk starts later, they are moved by
// the chunk's start.
Passed<AnswerParagraph> shift_chunk_relative(std::vector<AnswerParagraph> paragraphs, const AlignFacts& facts);
// Stamps that name no line of the transcript (rounded to the minute, approximate), repeated or out
// of order: each paragraph is moved to a line start near its stamp, one line each and in order,
// chosen so that every paragraph is about as long as its stretch of source (alignment by content
// length, the stamps as bounds). Stamps that name lines in order stay as they are.
Passed<AnswerParagraph> snap_stamps(std::vector<AnswerParagraph> paragraphs, const AlignFacts& facts);

// Over the stamps as written, before place.
inline constexpr std::array<Pass<AnswerParagraph, AlignFacts>, 2> stamp_passes{{
    {"chunk-relative stamps", shift_chunk_relative,
     "times the model counted from the start of each part, not of the video: moved"},
    {"approximate stamps", snap_stamps,
     "times that match no line of the video (rounded to the minute): moved to the line the paragraph begins with"},
}};

// The paragraphs at their places in the chunk, ends not yet set.
std::vector<Paragraph> place(const std::vector<AnswerParagraph>& written, const AlignFacts& facts);

// Paragraphs left without text (a stamp alone) are dropped.
Passed<Paragraph> drop_empty(std::vector<Paragraph> paragraphs, const AlignFacts& facts);
// An answer stopped at the output limit may end mid-sentence: its last paragraph is not trusted.
Passed<Paragraph> drop_cut_paragraph(std::vector<Paragraph> paragraphs, const AlignFacts& facts);
// Two paragraphs placed at one time (text before the first stamp, stamps past the chunk's end)
// would share a link: the second joins the first.
Passed<Paragraph> merge_shared_starts(std::vector<Paragraph> paragraphs, const AlignFacts& facts);

// In order, after place and the output language's check (see docs/architecture.md, "Job").
inline constexpr std::array<Pass<Paragraph, AlignFacts>, 3> align_passes{{
    {"empty paragraphs", drop_empty, "paragraphs with a time and no text: removed"},
    {"cut last paragraph", drop_cut_paragraph,
     "the last paragraph of an answer cut off mid-sentence: asked for again with what follows"},
    {"paragraphs at one time", merge_shared_starts, "paragraphs placed at the same second: joined"},
}};

// place, the output language (stages/language.hpp), the align passes, every paragraph ended where
// the next begins (the last at the chunk's end); align adds the gaps and whether the answer was cut
// (when facts.lines holds the chunk's lines).
std::vector<Paragraph> align_paragraphs(const CleanAnswer& answer, const AlignFacts& facts, PassCounts& counts);
Aligned align(const CleanAnswer& answer, const AlignFacts& facts, PassCounts& counts);

// Every paragraph ends where the next begins, the last at `end`.
void close_paragraphs(std::vector<Paragraph>& paragraphs, double end);

// The stretches of the chunk the paragraphs do not cover. open_end: the last paragraph stops short
// of its stretch (it ends mid-sentence with source left), so that stretch is a gap too.
std::vector<Gap> find_gaps(const std::vector<Paragraph>& paragraphs, const std::vector<Line>& lines, const Chunk& chunk,
                           double expected_ratio, bool open_end);

// An answer read and aligned, for the tests and the fuzzer: clean_answer without a notes block,
// and align as for a whole answer.
struct TranslationAnswer {
  std::vector<Paragraph> paragraphs;  // ends set: each at the next start, the last at the chunk's end
  int stamped = 0;
  int dropped_lines = 0;
  int dropped_labels = 0;
};
TranslationAnswer read_translation(std::string_view reply, const Chunk& chunk, const std::vector<Line>& lines,
                                   const std::vector<std::string>& names);
// read_translation's paragraphs without the transcript's speakers to go by.
std::vector<Paragraph> parse_translation(std::string_view reply, const Chunk& chunk);

}  // namespace ytm::pipeline
