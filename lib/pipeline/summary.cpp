#include "pipeline/summary.hpp"

#include <cmath>

#include "pipeline/schema.hpp"

namespace ytm::pipeline {
namespace {

using nlohmann::json;

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
      escaped = !escaped && c == '\\';
      if (c == '"' && !escaped) in_string = false;
      if (c != '\\') escaped = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{') ++depth;
    if (c == '}' && --depth == 0) return text.substr(open, i - open + 1);
  }
  return std::nullopt;
}

std::optional<json> find_json(std::string_view text) {
  if (auto value = parse_object(text)) return value;
  if (const std::size_t fence = text.find("```"); fence != std::string_view::npos) {
    const std::size_t body = text.find('\n', fence);
    const std::size_t close = body == std::string_view::npos ? body : text.find("```", body);
    if (close != std::string_view::npos) {
      if (auto value = parse_object(text.substr(body + 1, close - body - 1))) return value;
    }
  }
  if (auto object = first_object(text)) return parse_object(*object);
  return std::nullopt;
}

int seconds(const json& v) { return static_cast<int>(std::lround(v.get<double>())); }

}  // namespace

JsonAnswer read_json_answer(std::string_view text, const std::optional<json>& structured, const json& schema) {
  std::optional<json> value = structured && structured->is_object() ? structured : find_json(text);
  if (!value) {
    return {std::nullopt, text.empty() ? "the answer is empty" : "the answer is not a JSON object"};
  }
  const auto errors = validate_json(*value, schema);
  if (errors.empty()) return {std::move(value), ""};
  std::string message = "the JSON does not match the schema: ";
  for (std::size_t i = 0; i < errors.size() && i < 8; ++i) message += (i ? "; " : "") + errors[i];
  if (errors.size() > 8) message += "; and " + std::to_string(errors.size() - 8) + " more";
  return {std::nullopt, message};
}

json empty_notes() { return json{{"points", json::array()}, {"quotes", json::array()}, {"names", json::array()}}; }

void merge_notes(json& into, const json& more) {
  for (const char* list : {"points", "quotes", "names"}) {
    for (const auto& item : more.value(list, json::array())) into[list].push_back(item);
  }
}

Summary summary_from_json(const json& v) {
  Summary s;
  s.intro = v.value("intro", "");
  s.tldr = v.value("tldr", "");
  s.video_type = v.value("video_type", "");
  for (const auto& c : v.value("chapters", json::array())) {
    s.chapters.push_back({seconds(c["start"]), seconds(c["end"]), c.value("title", ""), c.value("summary", "")});
  }
  for (const auto& a : v.value("arguments", json::array())) {
    s.arguments.push_back({a.value("title", ""), a.value("content", ""),
                           a.value("key_concepts", std::vector<std::string>{}), a.value("practical_meaning", "")});
  }
  for (const auto& c : v.value("companies", json::array())) {
    s.companies.push_back({c.value("name", ""), c.value("context", ""), c.value("importance", 1), true});
  }
  for (const auto& q : v.value("quotes", json::array())) {
    s.quotes.push_back(
        {q.value("text", ""), q.value("translation", ""), q.value("speaker", ""), seconds(q["timestamp"])});
  }
  for (const auto& p : v.value("people", json::array())) {
    s.people.push_back(
        {p.value("name", ""), p.value("identity", ""), p.value("background", ""), p.value("views", ""), true});
  }
  return s;
}

}  // namespace ytm::pipeline
