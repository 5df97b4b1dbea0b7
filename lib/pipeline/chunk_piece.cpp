#include "pipeline/chunk_piece.hpp"

#include "pipeline/checkpoints.hpp"

namespace ytm::pipeline {

using nlohmann::json;

namespace {

json coverage_value(const Coverage& c) {
  json value;
  value["dropped_lines"] = c.dropped_lines;
  value["dropped_labels"] = c.dropped_labels;
  value["gap_calls"] = c.gap_calls;
  return value;
}

Coverage coverage_from(const json& value) {
  Coverage c;
  c.dropped_lines = value.value("dropped_lines", 0);
  c.dropped_labels = value.value("dropped_labels", 0);
  c.gap_calls = value.value("gap_calls", 0);
  return c;
}

json passes_value(const PassCounts& counts) {
  json value = json::array();
  for (const auto& [name, tally] : counts) {
    json one;
    one["name"] = name;
    one["count"] = tally.count;
    one["why"] = tally.why;
    value.push_back(std::move(one));
  }
  return value;
}

PassCounts passes_from(const json& value) {
  PassCounts counts;
  for (const auto& one : value) {
    counts[one.value("name", std::string())] += PassTally{one.value("count", 0), one.value("why", std::string())};
  }
  return counts;
}

}  // namespace

void add_coverage(Coverage& into, const Coverage& more) {
  into.dropped_lines += more.dropped_lines;
  into.dropped_labels += more.dropped_labels;
  into.gap_calls += more.gap_calls;
}

json piece_value(const Piece& piece) {
  json value;
  value["paragraphs"] = checkpoint::paragraphs_json(piece.paragraphs);
  value["notes"] = piece.notes ? *piece.notes : json(nullptr);
  value["coverage"] = coverage_value(piece.coverage);
  value["passes"] = passes_value(piece.passes);
  return value;
}

Piece piece_from_value(const json& value, const StepUsage& usage) {
  if (value.is_array()) return Piece{checkpoint::paragraphs(value), std::nullopt, usage, {}, {}};
  Piece piece{checkpoint::paragraphs(value.value("paragraphs", json::array())), std::nullopt, usage,
              coverage_from(value.value("coverage", json::object())),
              passes_from(value.value("passes", json::array()))};
  if (value.contains("notes") && value["notes"].is_object()) piece.notes = value["notes"];
  return piece;
}


}  // namespace ytm::pipeline
