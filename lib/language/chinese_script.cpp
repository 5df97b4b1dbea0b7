#include "language/chinese_script.hpp"

#include <stdexcept>

#include <opencc/Exception.hpp>
#include <opencc/SimpleConverter.hpp>

#include "core/text.hpp"
#include "core/utf8.hpp"
#include "language/identify.hpp"

namespace ytm::language {
namespace {

// OpenCC finds a configuration by its name in its data folder (Debian's libopencc-data).
opencc::SimpleConverter load(const char* config) {
  try {
    return opencc::SimpleConverter(config);
  } catch (const opencc::Exception& e) {  // not a std::exception
    throw std::runtime_error(std::string("OpenCC cannot load its configuration ") + config +
                             " (is Debian's libopencc-data installed?): " + e.what());
  }
}

// Loading a configuration reads its dictionaries (a few MB): once per process, kept for good.
const opencc::SimpleConverter& converter(const char* config) {
  if (std::string_view(config) == "t2s.json") {
    static const opencc::SimpleConverter to_simplified = load("t2s.json");
    return to_simplified;
  }
  if (std::string_view(config) == "s2tw.json") {
    static const opencc::SimpleConverter to_taiwan = load("s2tw.json");
    return to_taiwan;
  }
  if (std::string_view(config) == "s2hk.json") {
    static const opencc::SimpleConverter to_hong_kong = load("s2hk.json");
    return to_hong_kong;
  }
  static const opencc::SimpleConverter to_traditional = load("s2t.json");
  return to_traditional;
}

std::string region_of(std::string_view tag) {
  const std::size_t dash = tag.find_first_of("-_");
  return dash == std::string_view::npos ? std::string() : ascii_lower(tag.substr(dash + 1));
}

const char* config_for(std::string_view tag) {
  const std::string region = region_of(tag);
  if (chinese_script_of(tag) == ChineseScript::simplified) return "t2s.json";
  if (region == "tw") return "s2tw.json";
  if (region == "hk" || region == "mo") return "s2hk.json";
  return "s2t.json";
}

std::vector<std::string_view> codepoints(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    next_codepoint(text, i);
    out.push_back(text.substr(start, i - start));
  }
  return out;
}

int changed_characters(std::string_view text, const opencc::SimpleConverter& convert) {
  const std::string converted = convert.Convert(std::string(text));
  if (converted == text) return 0;
  const auto before = codepoints(text);
  const auto after = codepoints(converted);
  int changed = 0;
  if (before.size() == after.size()) {
    for (std::size_t i = 0; i < before.size(); ++i) changed += before[i] != after[i] ? 1 : 0;
    return changed;
  }
  // A phrase converted to one of another length: counted character by character.
  for (const std::string_view c : before) changed += convert.Convert(std::string(c)) != c ? 1 : 0;
  return changed;
}

}  // namespace

std::optional<ChineseScript> chinese_script_of(std::string_view tag) {
  if (base_language(tag) != "zh") return std::nullopt;
  const std::string region = region_of(tag);
  if (region == "tw" || region == "hk" || region == "mo" || region.starts_with("hant")) {
    return ChineseScript::traditional;
  }
  return ChineseScript::simplified;
}

std::string_view script_name(ChineseScript script) {
  return script == ChineseScript::simplified ? "Simplified Chinese" : "Traditional Chinese";
}

int other_script_characters(std::string_view text, std::string_view tag) {
  const int changed = changed_characters(text, converter(config_for(tag)));
  if (chinese_script_of(tag) == ChineseScript::simplified || changed == 0) return changed;
  // Some characters are both: Taiwan writes 台 as often as 臺, which s2tw changes. A text with at
  // least as many characters only Traditional has is Traditional.
  return changed > changed_characters(text, converter("t2s.json")) ? changed : 0;
}

std::string convert_to_script(std::string_view text, std::string_view tag) {
  return converter(config_for(tag)).Convert(std::string(text));
}

}  // namespace ytm::language
