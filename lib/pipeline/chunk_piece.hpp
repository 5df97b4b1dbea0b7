#pragma once
// A chunk or half of one as its translate step keeps it, and the JSON it is kept as. Internal to
// the pipeline (chunk_line).
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/model_call.hpp"
#include "pipeline/result.hpp"
#include "pipeline/stages/types.hpp"

namespace ytm::pipeline {

// A chunk or half of one, as its translate step keeps it.
struct Piece {
  std::vector<Paragraph> paragraphs;
  std::optional<nlohmann::json> notes;  // asked for notes: nullopt when the answer held none that are valid
  StepUsage usage;            // every call made for the piece, its halves' included
  Coverage coverage;
  PassCounts passes;
};

void add_coverage(Coverage& into, const Coverage& more);

// A checkpoint keeps a translation as an object (its paragraph list alone before the passes were
// kept, which is read still).
nlohmann::json piece_value(const Piece& piece);
Piece piece_from_value(const nlohmann::json& value, const StepUsage& usage);

}  // namespace ytm::pipeline
