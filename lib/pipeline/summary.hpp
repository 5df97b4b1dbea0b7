#pragma once
// Chunk notes and the summary as the pipeline keeps them (reading them: json_answer.hpp).
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pipeline/json_answer.hpp"
#include "pipeline/result.hpp"

namespace ytm::pipeline {

// Chunk notes with no entries, and the entries of `more` appended to those of `into` (the notes of
// two halves of a chunk).
nlohmann::json empty_notes();
void merge_notes(nlohmann::json& into, const nlohmann::json& more);

// A schema-valid summary object as the result type (times rounded to whole seconds).
Summary summary_from_json(const nlohmann::json& value);

}  // namespace ytm::pipeline
