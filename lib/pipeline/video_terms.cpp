#include "pipeline/video_terms.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>

#include "core/text.hpp"
#include "core/utf8.hpp"

namespace ytm::pipeline {

using nlohmann::json;

namespace {

// A term or rendering longer than this is a sentence, not a name.
constexpr std::size_t max_term_chars = 80;

// How models name the two sides of an entry, in the output languages we see most.
// Compared after ASCII lower-casing.
const std::vector<std::string_view> term_keys{"term", "source", "original", "name", "原文", "术语", "術語",
                                              "名称", "名稱", "用語", "원문", "용어", "begriff", "terme",
                                              "término", "термин"};
const std::vector<std::string_view> rendering_keys{
    "rendering", "translation", "target", "written", "as", "译名", "譯名", "译文", "譯文", "翻译", "翻譯", "訳",
    "訳語", "번역", "Übersetzung", "übersetzung", "traduction", "traducción", "перевод"};
// "A → B", "A -> B", "A => B", "A: B", "A = B".
const std::vector<std::string_view> separators{" → ", " -> ", " => ", ": ", " = "};

std::string clean(std::string_view text) {
  std::string out = valid_utf8(trim(text));
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return out;
}

bool usable(const std::string& text) { return !text.empty() && count_codepoints(text) <= max_term_chars; }

bool listed(const std::vector<std::string_view>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), ascii_lower(key)) != keys.end();
}

const json* member(const json& object, const std::vector<std::string_view>& keys) {
  for (const auto& [key, value] : object.items()) {
    if (value.is_string() && listed(keys, key)) return &value;
  }
  return nullptr;
}

std::optional<std::pair<std::string, std::string>> entry(const json& item) {
  if (item.is_object()) {
    const json* term = member(item, term_keys);
    const json* rendering = member(item, rendering_keys);
    if (term && rendering) return std::pair{term->get<std::string>(), rendering->get<std::string>()};
    // {"Jensen Huang": "黄仁勋"}: one entry of a map written as a list.
    const bool pair = item.size() == 1 && item.begin()->is_string();
    if (pair && !listed(term_keys, item.begin().key()) && !listed(rendering_keys, item.begin().key())) {
      return std::pair{item.begin().key(), item.begin()->get<std::string>()};
    }
    return std::nullopt;
  }
  if (item.is_array() && item.size() == 2 && item[0].is_string() && item[1].is_string()) {
    return std::pair{item[0].get<std::string>(), item[1].get<std::string>()};
  }
  if (!item.is_string()) return std::nullopt;
  const auto& text = item.get_ref<const std::string&>();
  for (std::string_view separator : separators) {
    const auto at = text.find(separator);
    if (at != std::string::npos) return std::pair{text.substr(0, at), text.substr(at + separator.size())};
  }
  return std::nullopt;
}

bool known(const Terms& terms, const std::string& term) {
  const std::string lower = ascii_lower(term);
  return std::any_of(terms.begin(), terms.end(), [&](const auto& t) { return ascii_lower(t.first) == lower; });
}

void add(Terms& into, std::pair<std::string, std::string> raw) {
  std::string term = clean(raw.first), rendering = clean(raw.second);
  if (!usable(term) || !usable(rendering) || known(into, term) || into.size() >= max_video_terms) return;
  into.emplace_back(std::move(term), std::move(rendering));
}

int replace_every(std::string& text, const std::string& from, const std::string& to) {
  int replaced = 0;
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
    ++replaced;
  }
  return replaced;
}

// The terms a chunk's notes list whose rendering its translation holds: a list is checked, not trusted.
Terms terms_written(const json& notes, const std::string& written) {
  Terms terms = read_terms(notes);
  std::erase_if(terms, [&](const auto& term) { return written.find(term.second) == std::string::npos; });
  return terms;
}

}  // namespace

json schema_with_terms(const json& notes_schema) {
  json schema = notes_schema;
  schema["properties"]["terms"] = json::object();
  return schema;
}

Terms read_terms(const json& notes) {
  Terms terms;
  if (!notes.is_object() || !notes.contains("terms")) return terms;
  const json& list = notes["terms"];
  if (list.is_object()) {
    for (const auto& [term, rendering] : list.items()) {
      if (rendering.is_string()) add(terms, {term, rendering.get<std::string>()});
    }
  } else if (list.is_array()) {
    for (const json& item : list) {
      if (auto found = entry(item)) add(terms, std::move(*found));
    }
  }
  return terms;
}

json terms_json(const Terms& terms) {
  json list = json::array();
  for (const auto& [term, rendering] : terms) list.push_back(json{{"term", term}, {"rendering", rendering}});
  return list;
}

std::string written_text(const std::vector<Paragraph>& paragraphs) {
  std::string text;
  for (const auto& p : paragraphs) text += p.text + "\n";
  return text;
}

Terms video_glossary(const std::vector<json>& notes, const std::vector<std::string>& written, const Terms& channel) {
  Terms glossary;
  for (std::size_t i = 0; i < notes.size() && i < written.size(); ++i) {
    for (auto& term : terms_written(notes[i], written[i])) {
      if (!known(channel, term.first)) add(glossary, std::move(term));
    }
  }
  return glossary;
}

int unify_renderings(std::vector<std::vector<Paragraph>>& translations, const std::vector<json>& notes,
                     const Terms& channel) {
  std::map<std::string, std::string> first;  // by the term in lower case, as read_terms compares them
  for (const auto& [term, rendering] : channel) first.emplace(ascii_lower(term), rendering);
  int changed = 0;
  for (std::size_t i = 0; i < notes.size() && i < translations.size(); ++i) {
    for (const auto& [term, rendering] : terms_written(notes[i], written_text(translations[i]))) {
      const auto [known, inserted] = first.emplace(ascii_lower(term), rendering);
      const std::string& canonical = known->second;
      const bool nested = canonical.find(rendering) != std::string::npos || rendering.find(canonical) != std::string::npos;
      if (inserted || nested || rendering.size() < 4) continue;
      for (auto& p : translations[i]) changed += replace_every(p.text, rendering, canonical);
    }
  }
  return changed;
}

std::string terms_block(const Terms& terms) {
  if (terms.empty()) return "";
  std::string block =
      "\n<video_glossary>\nEarlier parts of this video wrote these names and terms so; write each the same way "
      "wherever it occurs:\n";
  for (const auto& [term, rendering] : terms) block += "- " + term + " → " + rendering + "\n";
  return block + "</video_glossary>\n";
}

}  // namespace ytm::pipeline
