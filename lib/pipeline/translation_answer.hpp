#pragma once
// Reading a translation as models write it: paragraph stamps as [12:34], (12:34), 12:34, 【12:34】,
// **[12:34]** or [12:34.5]; speaker labels as **Name:**, **Name**:, **Name：** or Name: for a name
// the material gives; a lead-in ("Sure! Here's the translation:") or sign-off ("希望这份翻译对您有帮助！")
// left out and counted; labels the material never names ("Speaker", "演讲者") dropped.
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/chunking.hpp"
#include "pipeline/result.hpp"

namespace ytm::pipeline {

struct TranslationAnswer {
  std::vector<Paragraph> paragraphs;  // ends set: each at the next start, the last at the chunk's end
  int stamped = 0;                    // paragraphs that opened with a stamp
  int dropped_lines = 0;              // lead-ins, sign-offs, headings and rules left out
  int dropped_labels = 0;             // invented speaker labels left out
};

// lines: the transcript (speakers at the chunk's lines are names the material gives);
// names: more names from the metadata (the channel).
TranslationAnswer read_translation(std::string_view reply, const Chunk& chunk, const std::vector<Line>& lines,
                                   const std::vector<std::string>& names);

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
