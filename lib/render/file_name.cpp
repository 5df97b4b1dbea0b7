#include "render/file_name.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "core/time.hpp"
#include "render/escape.hpp"

namespace ytm::render {
namespace {

constexpr std::string_view extension = ".md";

bool rejected_ascii(unsigned char c) {
  static constexpr std::string_view bad = "<>:\"/\\|?*#^[]";
  return c < 0x20 || c == 0x7F || bad.find(static_cast<char>(c)) != std::string_view::npos;
}

// C1 controls, bidirectional overrides (which make a name display differently from what it is)
// and the byte-order mark.
bool rejected_sequence(std::string_view s) {
  static constexpr std::array<std::string_view, 12> bad = {
      "\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\xAD", "\xE2\x80\xAE", "\xE2\x81\xA6",
      "\xE2\x81\xA7", "\xE2\x81\xA8", "\xE2\x81\xA9", "\xEF\xBB\xBF", "\xE2\x80\xA8", "\xE2\x80\xA9"};
  if (s.size() >= 2 && s[0] == '\xC2' && static_cast<unsigned char>(s[1]) >= 0x80 &&
      static_cast<unsigned char>(s[1]) <= 0x9F) {
    return true;
  }
  return std::any_of(bad.begin(), bad.end(), [&](auto b) { return s.starts_with(b); });
}

// Rejected characters become spaces; runs of spaces become one.
std::string clean(std::string_view raw) {
  auto text = valid_utf8(raw);
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    auto n = utf8_sequence_length(text, i);
    bool bad = (n == 1 && rejected_ascii(c)) || rejected_sequence(std::string_view(text).substr(i));
    if (bad || c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out.append(text, i, n);
    }
    i += n;
  }
  return out;
}

std::string trim_dots_and_spaces(std::string s) {
  auto edge = [](char c) { return c == ' ' || c == '.'; };
  std::size_t a = 0;
  while (a < s.size() && edge(s[a])) ++a;
  std::size_t b = s.size();
  while (b > a && edge(s[b - 1])) --b;
  return s.substr(a, b - a);
}

bool reserved(std::string_view name) {
  auto base = name.substr(0, name.find('.'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  std::string upper;
  for (char c : base) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "CON" || upper == "PRN" || upper == "AUX" || upper == "NUL") return true;
  return upper.size() == 4 && (upper.starts_with("COM") || upper.starts_with("LPT")) &&
         std::isdigit(static_cast<unsigned char>(upper[3]));
}

// Cuts to max bytes on a character boundary, then makes the result a safe name.
std::string finish(std::string name, std::size_t max) {
  name = trim_dots_and_spaces(std::move(name));
  name = trim_dots_and_spaces(name.substr(0, utf8_prefix_length(name, max)));
  if (name.empty()) return "_";
  if (reserved(name)) name = "_" + name.substr(0, utf8_prefix_length(name, max - 1));
  return name;
}

std::string expand(std::string_view component, const pipeline::VideoResult& r, std::string_view language) {
  const auto& v = r.video;
  auto date = format_date(v.published > 0 ? v.published : r.generated);
  // Placeholder values are cleaned before they are put in, so their '/' and '..' stay text.
  return fill(component, {{"channel", clean(v.channel.empty() ? v.channel_id : v.channel)},
                          {"channel_id", clean(v.channel_id)},
                          {"date", date},
                          {"title", clean(v.title.empty() ? v.id : v.title)},
                          {"id", clean(v.id)},
                          {"language", clean(language)}});
}

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '/' || s[i] == '\\') {
      if (i > start) parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

}  // namespace

std::string safe_component(std::string_view name) { return finish(clean(name), max_component_bytes); }

std::string document_path(std::string_view filename_template, const pipeline::VideoResult& result,
                          std::string_view language, std::string_view suffix) {
  auto parts = split(filename_template);
  if (parts.empty()) parts.push_back("{title}");
  std::string out;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    out += finish(clean(expand(parts[i], result, language)), max_component_bytes) + "/";
  }
  auto last = clean(expand(parts.back(), result, language));
  if (last.size() >= extension.size() &&
      std::equal(extension.begin(), extension.end(), last.end() - static_cast<std::ptrdiff_t>(extension.size()),
                 [](char a, char b) { return a == std::tolower(b); })) {
    last.resize(last.size() - extension.size());
  }
  std::string tail(suffix);
  auto stem = finish(last, max_component_bytes - tail.size() - extension.size());
  return out + stem + tail + std::string(extension);
}

}  // namespace ytm::render
