#pragma once
// A validator for the part of JSON Schema our prompt schemas use: type (one or a list), properties,
// required, additionalProperties (true/false), items, minItems, maxItems, minimum, maximum,
// minLength, maxLength and enum. Other keywords ($schema, title, description) are ignored.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ytm::pipeline {

// Every violation as "/chapters/2/start: expected number, got string"; empty when the value is valid.
std::vector<std::string> validate_json(const nlohmann::json& value, const nlohmann::json& schema);

}  // namespace ytm::pipeline
