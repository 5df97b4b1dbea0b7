#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "core/utf8.hpp"

namespace ytm {

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  return text;
}

namespace {
char lower_char(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), lower_char);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower_char(x) == lower_char(y); });
}

bool istarts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

void append_collapsed(std::string& out, std::string_view text) {
  const auto start = out.size();
  bool pending_space = false;
  for (char c : text) {
    if (is_ascii_space(c)) {
      pending_space = out.size() > start;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
}

std::string collapse_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_collapsed(out, text);
  return out;
}

bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) ||  // radicals, CJK punctuation, kana, Han
         (c >= 0xAC00 && c <= 0xD7AF) ||  // Hangul syllables
         (c >= 0xF900 && c <= 0xFAFF) ||  // compatibility ideographs
         (c >= 0xFF00 && c <= 0xFFEF) ||  // full-width forms
         (c >= 0x20000 && c <= 0x3FFFF);  // Han extensions
}

char32_t first_code_point(std::string_view text) {
  if (text.empty()) return 0;
  std::size_t i = 0;
  return next_codepoint(text, i);
}

char32_t last_code_point(std::string_view text) {
  if (text.empty()) return 0;
  std::size_t i = utf8_prefix_length(text, text.size() - 1);
  return next_codepoint(text, i);
}

std::string_view without_closers(std::string_view text) {
  static constexpr std::array<std::string_view, 9> closers{"\"",     "'",      ")",      "]",     "\u201D",
                                                           "\u2019", "\u300D", "\u300F", "\uFF09"};
  text = trim(text);
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (auto c : closers) {
      if (text.ends_with(c)) {
        text.remove_suffix(c.size());
        stripped = true;
      }
    }
  }
  return text;
}

bool ends_sentence(std::string_view text) {
  static constexpr std::array<std::string_view, 7> enders{".", "?", "!", "\u2026", "\u3002", "\uFF1F", "\uFF01"};
  const auto t = without_closers(text);
  if (std::any_of(enders.begin(), enders.end(), [&](std::string_view e) { return t.ends_with(e); })) return true;
  // A parenthesis after a finished sentence ("… here. (laughter)", "…了。（笑）", a gloss) ends it too.
  const auto trimmed = trim(text);
  if (!trimmed.ends_with(")") && !trimmed.ends_with("\uFF09")) return false;
  const auto open = std::max(trimmed.rfind('(') == std::string_view::npos ? 0 : trimmed.rfind('(') + 1,
                             trimmed.rfind("\uFF08") == std::string_view::npos ? 0 : trimmed.rfind("\uFF08") + 1);
  if (open == 0) return false;
  const auto before = trim(trimmed.substr(0, open - 1));
  return std::any_of(enders.begin(), enders.end(), [&](std::string_view e) { return before.ends_with(e); });
}

std::optional<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string_view closest_word(std::string_view typed, const std::vector<std::string_view>& known) {
  std::string_view best;
  std::size_t best_distance = 3;
  for (auto k : known) {
    auto d = edit_distance(typed, k);
    if (d < best_distance) {
      best = k;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace ytm
