#pragma once
// A chunk's translation as paragraphs: reading it (translation_answer.hpp does the work), the
// expected length for a language pair, chapter breaks, and paragraphs as checkpoints keep them.
// Whether it covers its source is coverage.hpp's.
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

// read_translation's paragraphs without the transcript's speakers to go by.
std::vector<Paragraph> parse_translation(std::string_view reply, const Chunk& chunk);

// How many characters of the target language one character of the source language becomes, on
// average: English → Chinese about 0.3, German → English about 0.85.
double expected_length_ratio(std::string_view source_language, std::string_view target_language);

// Why the translation must be redone in halves split at a chapter start: a chapter starting inside
// the chunk has no paragraph starting with it (its text would sit under the chapter before).
std::optional<std::string> chapter_break_problem(const std::vector<Paragraph>& paragraphs,
                                                 const std::vector<Line>& lines, const Chunk& chunk);

// The cleaned transcript as the full text, for a video already in the output language:
// paragraphs of up to about a minute, broken at speaker changes and chapter starts.
std::vector<Paragraph> paragraphs_from_lines(const std::vector<Line>& lines, double video_end);

// Paragraphs as checkpoints keep them: [{"start","end","speaker","text"}].
nlohmann::json paragraphs_to_json(const std::vector<Paragraph>& paragraphs);
std::vector<Paragraph> paragraphs_from_json(const nlohmann::json& value);

}  // namespace ytm::pipeline
