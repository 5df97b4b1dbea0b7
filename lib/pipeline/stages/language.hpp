#pragma once
// Part of stage 4 of a chunk's line (align): the output language and script of the placed
// paragraphs, before the gaps are found. Told by CLD2 and OpenCC (lib/language), never by tables of
// our own:
//   - a paragraph in the other Chinese script (Traditional when zh-CN was asked, Simplified when
//     zh-TW) is converted, not asked again: "converted to Simplified Chinese";
//   - a paragraph in the source language beside one in the output language at the same place is the
//     original kept next to its translation: dropped, "original beside its translation";
//   - any other paragraph not in the output language is marked untranslated, so that its stretch is
//     a gap: asked for again, and if still missing kept as the original like every other passage
//     the model left out: "left in English".
// A paragraph too short to tell ("GPT-4", "OK") is never judged, and one whose letters are mostly
// in the output language keeps its names and terms in others ("Kubernetes", "TSMC"). Plain
// functions; the summary's fields are judged by the same rule (pipeline/summary_language).
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/result.hpp"
#include "pipeline/stages/types.hpp"

namespace ytm::pipeline {

struct LanguageFacts {
  std::string_view source_language;  // the video's spoken language ("en"); may be empty
  std::string_view target_language;  // the output language ("zh-CN")
};

// What a text is, against the output language.
struct TextLanguage {
  bool other_script = false;  // Chinese in the other script than the one asked for
  bool wrong_language = false;
  std::string language;  // the language it is in when wrong: "en"
};
TextLanguage judge_language(std::string_view text, const LanguageFacts& facts);

// The count names a reader understands: "converted to Simplified Chinese", "left in English".
std::string converted_name(std::string_view target_language);
std::string left_in_name(std::string_view language);
inline constexpr std::string_view beside_name = "original beside its translation";

// The stage: paragraphs converted, dropped or marked, each change counted under its name.
std::vector<Paragraph> check_language(std::vector<Paragraph> paragraphs, const LanguageFacts& facts,
                                      PassCounts& counts);

}  // namespace ytm::pipeline
