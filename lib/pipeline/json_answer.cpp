#include "pipeline/json_answer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <spdlog/spdlog.h>

#include "pipeline/json_answer_keys.hpp"
#include "pipeline/schema.hpp"
#include "pipeline/measure.hpp"

namespace ytm::pipeline {
namespace {

using nlohmann::json;

// Keys that hold a moment of the video, in seconds.
bool is_time_key(std::string_view key) { return key == "t" || key == "start" || key == "end" || key == "timestamp"; }

std::optional<json> parse_object(std::string_view text) {
  json value = json::parse(text, nullptr, false);
  if (!value.is_discarded() && value.is_object()) return value;
  return std::nullopt;
}

// The first balanced {...} in the text, skipping braces inside strings.
std::optional<std::string_view> first_object(std::string_view text) {
  const std::size_t open = text.find('{');
  if (open == std::string_view::npos) return std::nullopt;
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = open; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{') ++depth;
    if (c == '}' && --depth == 0) return text.substr(open, i - open + 1);
  }
  return std::nullopt;
}

std::optional<json> parse_loosely(std::string_view text) {
  if (auto value = parse_object(text)) return value;
  return parse_object(loosen_json(text));
}

std::optional<json> find_json(std::string_view text) {
  if (auto value = parse_loosely(text)) return value;
  if (const std::size_t fence = text.find("```"); fence != std::string_view::npos) {
    const std::size_t body = text.find('\n', fence);
    const std::size_t close = body == std::string_view::npos ? body : text.find("```", body);
    if (close != std::string_view::npos) {
      if (auto value = parse_loosely(text.substr(body + 1, close - body - 1))) return value;
    }
  }
  const std::string loose = loosen_json(text);
  if (auto object = first_object(loose)) return parse_object(*object);
  return std::nullopt;
}

std::vector<std::string> schema_types(const json& schema) {
  std::vector<std::string> types;
  if (!schema.contains("type")) return types;
  const json& type = schema["type"];
  if (type.is_string()) types.push_back(type.get<std::string>());
  if (type.is_array()) {
    for (const auto& t : type) {
      if (t.is_string()) types.push_back(t.get<std::string>());
    }
  }
  return types;
}

bool wants(const json& schema, const char* type) {
  const auto types = schema_types(schema);
  return std::find(types.begin(), types.end(), type) != types.end();
}

// "123", "12.5", "12:34", "1:02:03" as a number; nullopt for anything else.
std::optional<double> number_in(const std::string& text) {
  const std::string t(trim(text));
  if (t.empty()) return std::nullopt;
  if (t.find(':') != std::string::npos) return parse_clock(t);
  char* end = nullptr;
  const double value = std::strtod(t.c_str(), &end);
  if (end == t.c_str() || *end != '\0' || !std::isfinite(value)) return std::nullopt;
  return value;
}

class Fitter {
 public:
  Fitter(const JsonReadOptions& options, std::vector<std::string>& fixes) : options_(options), fixes_(fixes) {}

  void fit(json& v, const json& schema, const std::string& path, std::string_view key) {
    if (!schema.is_object()) return;
    bool from_string = false;
    if (v.is_string() && (wants(schema, "number") || wants(schema, "integer"))) {
      if (const auto n = number_in(v.get<std::string>())) {
        fixes_.push_back(path + ": read " + v.dump() + " as a number");
        v = *n;
        from_string = true;
      }
    }
    if (v.is_number()) fit_number(v, schema, path, key, from_string);
    if (v.is_array() && schema.contains("items")) {
      // Each list on its own evidence: chapters in milliseconds say nothing about the quotes.
      const bool outer = milliseconds_;
      milliseconds_ = in_milliseconds(v);
      for (std::size_t i = 0; i < v.size(); ++i) fit(v[i], schema["items"], path + "/" + std::to_string(i), key);
      milliseconds_ = outer;
    }
    if (v.is_object()) fit_object(v, schema, path);
  }

  // Milliseconds when the latest time given is far past the video's end and fits it in seconds:
  // then every time of the same value is, small ones too.
  [[nodiscard]] bool in_milliseconds(const json& value) const {
    const double latest = latest_time(value, "");
    const double limit = options_.duration * 1.2 + 60;
    return options_.duration > 0 && latest > limit && latest / 1000 <= limit;
  }

  void decide_milliseconds(const json& value) { milliseconds_ = in_milliseconds(value); }

 private:
  double latest_time(const json& v, std::string_view key) const {
    double latest = 0;
    if (v.is_number() && is_time_key(key)) latest = v.get<double>();
    if (v.is_array()) {
      for (const auto& item : v) latest = std::max(latest, latest_time(item, key));
    }
    if (v.is_object()) {
      for (const auto& [name, member] : v.items()) latest = std::max(latest, latest_time(member, name));
    }
    return latest;
  }

  // Times given as text are read as written; milliseconds come as numbers.
  void fit_number(json& v, const json& schema, const std::string& path, std::string_view key, bool from_string) {
    if (is_time_key(key) && milliseconds_ && !from_string) {
      fixes_.push_back(path + ": read " + v.dump() + " as milliseconds");
      v = v.get<double>() / 1000;
    }
    if (wants(schema, "integer") && !wants(schema, "number") && v.is_number_float()) v = std::lround(v.get<double>());
  }

  void fit_object(json& v, const json& schema, const std::string& path) {
    const json properties = schema.value("properties", json::object());
    const bool closed = schema.contains("additionalProperties") && schema["additionalProperties"] == false;
    for (auto it = v.begin(); it != v.end();) {
      if (closed && !properties.contains(it.key())) {
        fixes_.push_back(path + "/" + it.key() + ": dropped, the schema has no such key");
        it = v.erase(it);
      } else {
        ++it;
      }
    }
    for (const auto& [name, member] : properties.items()) {
      const std::string at = path + "/" + name;
      if (v.contains(name)) {
        fit(v[name], member, at, name);
      } else if (wants(member, "array") && !member.contains("minItems")) {
        fixes_.push_back(at + ": missing, taken as empty");
        v[name] = json::array();
      } else if (wants(member, "string") && !member.contains("minLength")) {
        fixes_.push_back(at + ": missing, taken as empty");
        v[name] = "";
      }
    }
  }

  const JsonReadOptions& options_;
  std::vector<std::string>& fixes_;
  bool milliseconds_ = false;
};

// The answer inside {"data": {…}}, {"result": "{…}"}, {"response": …}: an object with one key the
// schema does not have, whose value is an object (or the text of one).
std::optional<json> wrapped(const json& value, const json& schema) {
  if (!value.is_object() || value.size() != 1) return std::nullopt;
  const auto only = value.begin();
  if (schema.value("properties", json::object()).contains(only.key())) return std::nullopt;
  if (only->is_object()) return *only;
  if (only->is_string()) return find_json(only->get_ref<const std::string&>());
  return std::nullopt;
}

}  // namespace

std::string loosen_json(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  // '"' inside an ASCII string; '\xE2' inside a string opened with a curly quote.
  char in = 0;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::string_view rest = text.substr(i);
    if (in == '"') {
      out += text[i];
      if (escaped) {
        escaped = false;
      } else if (text[i] == '\\') {
        escaped = true;
      } else if (text[i] == '"') {
        in = 0;
      }
      continue;
    }
    if (in != 0) {  // a string opened with “: it ends at ” (or a plain ")
      if (rest.starts_with("\u201D") || text[i] == '"') {
        out += '"';
        in = 0;
        i += text[i] == '"' ? 0 : 2;
      } else {
        out += text[i];
      }
      continue;
    }
    if (text[i] == '"') {
      in = '"';
      out += '"';
    } else if (rest.starts_with("\u201C") || rest.starts_with("\u201D")) {
      in = '\xE2';
      out += '"';
      i += 2;
    } else if (rest.starts_with("\uFF0C") || rest.starts_with("\uFF1A")) {
      out += rest.starts_with("\uFF0C") ? ',' : ':';
      i += 2;
    } else if (text[i] == ',') {
      const std::size_t next = text.find_first_not_of(" \t\r\n", i + 1);
      if (next == std::string_view::npos || (text[next] != '}' && text[next] != ']')) out += ',';
    } else {
      out += text[i];
    }
  }
  return out;
}

void log_fixes(const std::string& label, const std::vector<std::string>& fixes) {
  if (fixes.empty()) return;
  std::string some;
  for (std::size_t i = 0; i < fixes.size() && i < 3; ++i) some += (i ? "; " : "") + fixes[i];
  spdlog::info("{}: the answer was fitted to its schema in {} place(s): {}{}", label, fixes.size(), some,
               fixes.size() > 3 ? "; …" : "");
}

void fit_to_schema(json& value, const json& schema, const JsonReadOptions& options, std::vector<std::string>& fixes) {
  while (auto inner = wrapped(value, schema)) {
    fixes.push_back("/" + value.begin().key() + ": the answer inside it taken out");
    value = std::move(*inner);
  }
  map_keys(value, schema, "", fixes);
  Fitter fitter(options, fixes);
  fitter.decide_milliseconds(value);
  fitter.fit(value, schema, "", "");
}

JsonAnswer read_json_answer(std::string_view text, const std::optional<json>& structured, const json& schema,
                            JsonReadOptions options) {
  std::optional<json> value = structured && structured->is_object() ? structured : find_json(text);
  if (!value) {
    return {std::nullopt, text.empty() ? "the answer is empty" : "the answer is not a JSON object", {}};
  }
  std::vector<std::string> fixes;
  fit_to_schema(*value, schema, options, fixes);
  const auto errors = validate_json(*value, schema);
  if (errors.empty()) return {std::move(value), "", std::move(fixes)};
  std::string message = "the JSON does not match the schema: ";
  for (std::size_t i = 0; i < errors.size() && i < 8; ++i) message += (i ? "; " : "") + errors[i];
  if (errors.size() > 8) message += "; and " + std::to_string(errors.size() - 8) + " more";
  return {std::nullopt, message, std::move(fixes)};
}

}  // namespace ytm::pipeline
