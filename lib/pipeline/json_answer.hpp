#pragma once
// Reading a JSON answer (chunk notes, the summary) as models write it: in a ``` fence or after a
// sentence, with trailing commas or full-width punctuation (，：“”) outside strings, numbers as
// "123", "12:34" or "1:02:03", times in milliseconds, keys the schema does not know, optional lists
// left out, the object inside a one-key wrapper ({"data": {…}}), keys in the output language
// ({"要点": …}). What can be read is read and made to fit the schema; a repair call is only for an
// answer that still cannot be.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ytm::pipeline {

struct JsonAnswer {
  std::optional<nlohmann::json> value;  // set when the answer is valid
  std::string error;                    // what is wrong, for the repair request and the failure message
  std::vector<std::string> fixes;       // what was changed to make it fit: "dropped unknown key /x", …
};

struct JsonReadOptions {
  double duration = 0;  // of the video, in seconds: time values far past it are milliseconds
};

// The JSON object in an answer: structured output when the backend gave one, else the text
// itself, inside ``` fences, or from its first '{' to the matching '}'; then fitted to the schema
// (fixes listed) and checked against it.
JsonAnswer read_json_answer(std::string_view text, const std::optional<nlohmann::json>& structured,
                            const nlohmann::json& schema, JsonReadOptions options = {});

// One log line for what was fitted: how many fixes, the first few of them.
void log_fixes(const std::string& label, const std::vector<std::string>& fixes);

// The text with what JSON does not allow outside strings made right: full-width , : “ ” and
// trailing commas before } or ].
std::string loosen_json(std::string_view text);

// The value fitted to the schema: a wrapper taken off, keys in another language or spelling mapped
// (json_answer_keys.hpp), unknown keys of closed objects dropped, missing arrays and optional-looking
// strings added empty, numbers given as strings read, milliseconds made seconds (decided for each
// list on its own: chapter times in milliseconds leave the quotes' seconds alone).
void fit_to_schema(nlohmann::json& value, const nlohmann::json& schema, const JsonReadOptions& options,
                   std::vector<std::string>& fixes);

}  // namespace ytm::pipeline
