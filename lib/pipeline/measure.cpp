#include "pipeline/measure.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <utility>

#include "core/utf8.hpp"
#include "language/scripts.hpp"

namespace ytm::pipeline {

int estimate_tokens(std::string_view text) {
  std::size_t cjk = 0, other = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (is_cjk(next_codepoint(text, i))) {
      ++cjk;
    } else {
      ++other;
    }
  }
  return static_cast<int>(cjk + (other + 3) / 4);
}

std::string format_timestamp(double seconds) {
  const long total = seconds < 0 ? 0 : static_cast<long>(seconds);
  std::array<char, 32> buf{};
  if (total >= 3600) {
    std::snprintf(buf.data(), buf.size(), "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(buf.data(), buf.size(), "%ld:%02ld", total / 60, total % 60);
  }
  return buf.data();
}

std::optional<int> parse_timestamp(std::string_view text) {
  int parts[3] = {0, 0, 0};
  int count = 0, digits = 0;
  for (char ch : text) {
    if (std::isdigit(static_cast<unsigned char>(ch))) {
      if (digits == 3) return std::nullopt;
      parts[count] = parts[count] * 10 + (ch - '0');
      ++digits;
    } else if (ch == ':' && digits > 0 && count < 2) {
      ++count;
      digits = 0;
    } else {
      return std::nullopt;
    }
  }
  if (count == 0 || digits == 0) return std::nullopt;
  if (count == 1) return parts[1] < 60 ? std::optional(parts[0] * 60 + parts[1]) : std::nullopt;
  if (parts[1] >= 60 || parts[2] >= 60) return std::nullopt;
  return parts[0] * 3600 + parts[1] * 60 + parts[2];
}

std::optional<double> parse_clock(std::string_view text) {
  const std::size_t dot = text.find_first_of(".,");
  const auto whole = parse_timestamp(text.substr(0, dot));
  if (!whole || dot == std::string_view::npos) return whole;
  const std::string_view fraction = text.substr(dot + 1);
  if (fraction.empty() || fraction.size() > 3) return std::nullopt;
  double value = 0, scale = 1;
  for (char ch : fraction) {
    if (!std::isdigit(static_cast<unsigned char>(ch))) return std::nullopt;
    scale /= 10;
    value += (ch - '0') * scale;
  }
  return *whole + value;
}

std::string normal_tag(std::string_view tag) {
  std::string out = ascii_lower(tag);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

std::string primary_language(std::string_view tag) {
  const std::string t = normal_tag(tag);
  return t.substr(0, t.find('-'));
}

namespace {

// Chinese tags name a script (Hans, Hant) or a region that implies one.
bool traditional_chinese(std::string_view tag) {
  const std::string t = normal_tag(tag);
  return t.find("hant") != std::string::npos || t.ends_with("-tw") || t.ends_with("-hk") || t.ends_with("-mo");
}

}  // namespace

bool same_language(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  const std::string pa = primary_language(a), pb = primary_language(b);
  if (pa != pb) return false;
  if (pa == "zh") return traditional_chinese(a) == traditional_chinese(b);
  return true;
}

std::string language_name(std::string_view tag) {
  static const std::pair<const char*, const char*> names[] = {
      {"en", "English"},    {"de", "German"},  {"fr", "French"},    {"es", "Spanish"}, {"it", "Italian"},
      {"pt", "Portuguese"}, {"ru", "Russian"}, {"ja", "Japanese"},  {"ko", "Korean"},  {"nl", "Dutch"},
      {"pl", "Polish"},     {"tr", "Turkish"}, {"uk", "Ukrainian"}, {"ar", "Arabic"},  {"hi", "Hindi"}};
  const std::string p = primary_language(tag);
  std::string name = std::string(tag);
  if (p == "zh") {
    name = traditional_chinese(tag) ? "Traditional Chinese" : "Simplified Chinese";
  } else {
    for (const auto& [code, english] : names) {
      if (p == code) name = english;
    }
  }
  return name == tag ? name : name + " (" + std::string(tag) + ")";
}

std::string guess_language(std::string_view text) {
  std::size_t han = 0, kana = 0, hangul = 0, letters = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = next_codepoint(text, i);
    if (language::is_kana(c)) {
      ++kana;
    } else if (language::is_hangul(c)) {
      ++hangul;
    } else if (is_cjk(c)) {
      ++han;
    } else if (c < 0x80 ? std::isalpha(static_cast<int>(c)) != 0 : c > 0x7F) {
      ++letters;
    }
  }
  const std::size_t cjk = han + kana + hangul;
  if (cjk * 4 < letters) return "en";
  if (kana * 10 > cjk) return "ja";
  if (hangul * 2 > cjk) return "ko";
  return "zh";
}

namespace {

double language_density(std::string_view tag) {
  static const std::pair<const char*, double> densities[] = {
      {"en", 1.0}, {"de", 1.2}, {"fr", 1.15}, {"es", 1.15}, {"it", 1.1}, {"pt", 1.1}, {"nl", 1.15},
      {"ru", 1.1}, {"pl", 1.1}, {"uk", 1.1},  {"tr", 1.05}, {"zh", 0.3}, {"ja", 0.4}, {"ko", 0.45}};
  const std::string primary = primary_language(tag);
  for (const auto& [code, density] : densities) {
    if (primary == code) return density;
  }
  return 1.0;
}

}  // namespace

double expected_length_ratio(std::string_view source_language, std::string_view target_language) {
  return language_density(target_language) / language_density(source_language);
}

}  // namespace ytm::pipeline
