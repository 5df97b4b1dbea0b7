#pragma once
// Reading the structured answers (chunk notes, the summary) out of a model's reply.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pipeline/result.hpp"

namespace ytm::pipeline {

struct JsonAnswer {
  std::optional<nlohmann::json> value;  // set when the answer is valid
  std::string error;                    // what is wrong, for the repair request and the failure message
};

// The JSON object in an answer: structured output when the backend gave one, else the text
// itself, inside ``` fences, or from its first '{' to the matching '}'; then checked against the schema.
JsonAnswer read_json_answer(std::string_view text, const std::optional<nlohmann::json>& structured,
                            const nlohmann::json& schema);

// Chunk notes with no entries, and the entries of `more` appended to those of `into` (the notes of
// two halves of a chunk).
nlohmann::json empty_notes();
void merge_notes(nlohmann::json& into, const nlohmann::json& more);

// A schema-valid summary object as the result type (times rounded to whole seconds).
Summary summary_from_json(const nlohmann::json& value);

}  // namespace ytm::pipeline
