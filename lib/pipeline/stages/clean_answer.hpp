#pragma once
// Stage 3 of a chunk's line: the cleaned answer. One reader for everything a model wraps around
// its translation, for all backends alike: the notes block split off (its JSON read by
// json_answer.hpp), paragraph stamps taken in every form models write ([12:34], (12:34), 12:34,
// 【12:34】, **[12:34]**, [12:34.5]), speaker labels as **Name:**, **Name**:, **Name：** or Name:
// for a name the material gives, lead-ins ("Sure! Here's the translation:"), sign-offs
// ("希望这份翻译对您有帮助！"), headings and rules left out and counted, labels the material never
// names ("Speaker", "演讲者") dropped. Stamps stay as written: placing them is align's.
// Before reading, the text passes (thought blocks of every form) and, on the translation, the line
// passes (translator's notes, lists, tables, pseudo-headings, outros: stages/line_passes.hpp); after
// it, the answer passes (repeated paragraphs, looping sentences): stages/answer_passes.hpp. Plain
// functions.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/chunking.hpp"
#include "pipeline/stages/types.hpp"

namespace ytm::pipeline {

// What the reader knows about the chunk: its lines (the speakers there are names the material
// gives) and more names from the metadata (the channel).
struct ReadFacts {
  const Chunk& chunk;
  const std::vector<Line>& lines;
  std::vector<std::string> names;
};

struct CleanAnswer {
  std::vector<AnswerParagraph> paragraphs;
  std::string translation;           // the answer without its notes block
  std::optional<std::string> notes;  // the notes block's JSON as written, when there is one
  int stamped = 0;                   // paragraphs that opened with a stamp
  int dropped_lines = 0;             // lead-ins, sign-offs, headings and rules left out
  int dropped_labels = 0;            // labels naming no one ("Speaker 1") left out
};

// with_notes: the answer ends with a notes block (translate_notes prompt).
CleanAnswer clean_answer(std::string_view reply, bool with_notes, const ReadFacts& facts, PassCounts& counts);

// The answer's text after the text passes, for every reader of an answer (JSON ones too).
std::string clean_text(std::string_view reply, PassCounts& counts);

// The reading alone, without a notes block and without the passes.
CleanAnswer read_answer(std::string_view reply, const ReadFacts& facts);

// A translate_notes answer: the translation, then the chunk's notes as a JSON object fenced by a
// line "```notes" (or "```json") and a line "```", last. notes is nullopt when there is no such block.
struct TranslationWithNotes {
  std::string_view translation;
  std::optional<std::string_view> notes;
};
TranslationWithNotes split_notes_block(std::string_view reply);

// A stamp at the start of a line: its seconds and the bytes it takes (bold, brackets and the space
// after included); nullopt when the line does not open with one.
struct Stamp {
  double seconds = 0;
  std::size_t length = 0;
};
std::optional<Stamp> leading_stamp(std::string_view line);

// A short line around an answer that is not part of it: ends with ':' or '：', is a heading or a
// rule, or says one of the phrases models open and close with, in any of our languages.
bool is_chatter(std::string_view text);

}  // namespace ytm::pipeline
