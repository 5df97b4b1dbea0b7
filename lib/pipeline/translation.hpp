#pragma once
// Reading a chunk's translation and deciding whether it is complete. A translation counts as cut
// off when the model stopped at its token limit, when it is far shorter than the source implies
// for the language pair, or when a stretch of the chunk's time has no paragraph of matching
// length (see expected_length_ratio for the rule). It is misplaced when a chapter starting inside
// the chunk has no paragraph starting with it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/chunking.hpp"
#include "pipeline/result.hpp"

namespace ytm::pipeline {

// A translate_notes answer: the translation, then the chunk's notes as a JSON object fenced by a
// line "```notes" (or "```json") and a line "```", last. notes is nullopt when there is no such block.
struct TranslationWithNotes {
  std::string_view translation;
  std::optional<std::string_view> notes;
};
TranslationWithNotes split_notes_block(std::string_view reply);

// Paragraphs separated by blank lines, each beginning "[m:ss]" or "[h:mm:ss]", then optionally
// "**Speaker:**". Text before the first timestamp starts at the chunk's start; times are clamped
// to the chunk and kept in order; each paragraph ends where the next begins, the last at chunk.end.
// Fence lines and chapter marker lines the model copied ("--- chapter: … ---") are left out.
std::vector<Paragraph> parse_translation(std::string_view reply, const Chunk& chunk);

// How many characters of the target language one character of the source language becomes, on
// average: English → Chinese about 0.3, German → English about 0.85.
double expected_length_ratio(std::string_view source_language, std::string_view target_language);

// Why the translation must be redone smaller (split at a chapter start when the chunk has one), or
// nullopt when it is complete and every chapter starts a paragraph.
std::optional<std::string> translation_problem(const std::vector<Paragraph>& paragraphs, const std::vector<Line>& lines,
                                               const Chunk& chunk, std::string_view source_language,
                                               std::string_view target_language, bool truncated);

// The cleaned transcript as the full text, for a video already in the output language:
// paragraphs of up to about a minute, broken at speaker changes and chapter starts.
std::vector<Paragraph> paragraphs_from_lines(const std::vector<Line>& lines, double video_end);

// Paragraphs as checkpoints keep them: [{"start","end","speaker","text"}].
nlohmann::json paragraphs_to_json(const std::vector<Paragraph>& paragraphs);
std::vector<Paragraph> paragraphs_from_json(const nlohmann::json& value);

}  // namespace ytm::pipeline
