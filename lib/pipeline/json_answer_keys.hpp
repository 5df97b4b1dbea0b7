#pragma once
// The schema's keys as models write them in the output language ({"要点": [{"时间": 5, "文本": "…"}]},
// {"Kapitel": [{"Beginn": 0, …}]}) or in another case or spelling ("keyConcepts", "Video Type"):
// mapped back to the schema's own keys where only one of an object's properties can be meant.
// Part of reading a JSON answer (json_answer.hpp).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ytm::pipeline {

// Every object in value whose keys the schema does not know, with the keys renamed to the schema's
// where the mapping is unambiguous: a key's translation or spelling that fits exactly one property
// still missing; in an object none of whose keys the schema knows, also a value whose type only one
// missing property takes. Each rename is listed in fixes.
void map_keys(nlohmann::json& value, const nlohmann::json& schema, const std::string& path,
              std::vector<std::string>& fixes);

}  // namespace ytm::pipeline
