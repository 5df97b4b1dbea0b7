#include "feed/html_scan.hpp"

#include <cctype>
#include <charconv>

#include "core/text.hpp"
#include "core/utf8.hpp"

namespace ytm::feed::html {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// Between attributes a '/' is the self-closing mark (<link … />), never part of a name.
bool is_space(char c) { return is_blank(c) || c == '/'; }

// A NUL in a page is a mistake, not text; a lone surrogate is dropped (append_utf8).
void append_code_point(std::string& out, std::uint32_t cp) { append_utf8(out, cp == 0 ? 0xFFFD : cp); }

std::optional<std::uint32_t> numeric_reference(std::string_view body) {
  int base = 10;
  if (!body.empty() && (body[0] == 'x' || body[0] == 'X')) {
    base = 16;
    body.remove_prefix(1);
  }
  std::uint32_t cp = 0;
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), cp, base);
  if (body.empty() || ec != std::errc{} || end != body.data() + body.size()) return std::nullopt;
  return cp;
}

std::optional<std::uint32_t> hex4(std::string_view page, std::size_t at) {
  if (at + 4 > page.size()) return std::nullopt;
  std::uint32_t v = 0;
  auto [end, ec] = std::from_chars(page.data() + at, page.data() + at + 4, v, 16);
  if (ec != std::errc{} || end != page.data() + at + 4) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::string_view> attribute(std::string_view tag, std::string_view name) {
  std::size_t i = 0;
  while (i < tag.size()) {
    while (i < tag.size() && is_space(tag[i])) ++i;
    auto name_start = i;
    while (i < tag.size() && !is_space(tag[i]) && tag[i] != '=') ++i;
    auto attr_name = tag.substr(name_start, i - name_start);
    if (attr_name.empty()) break;
    std::string_view value;
    if (i < tag.size() && tag[i] == '=') {
      ++i;
      char quote = i < tag.size() && (tag[i] == '"' || tag[i] == '\'') ? tag[i++] : ' ';
      auto value_start = i;
      while (i < tag.size() && (quote == ' ' ? !is_blank(tag[i]) : tag[i] != quote)) ++i;
      value = tag.substr(value_start, i - value_start);
      if (quote != ' ' && i < tag.size()) ++i;
    }
    if (iequals(attr_name, name)) return value;
  }
  return std::nullopt;
}

std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto semi = text[i] == '&' ? text.find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos || semi - i > 12) {
      out.push_back(text[i]);
      continue;
    }
    auto name = text.substr(i + 1, semi - i - 1);
    std::optional<std::uint32_t> cp;
    if (name == "amp")
      cp = '&';
    else if (name == "lt")
      cp = '<';
    else if (name == "gt")
      cp = '>';
    else if (name == "quot")
      cp = '"';
    else if (name == "apos")
      cp = '\'';
    else if (name == "nbsp")
      cp = 0xA0;
    else if (!name.empty() && name[0] == '#')
      cp = numeric_reference(name.substr(1));
    if (!cp) {
      out.push_back(text[i]);
      continue;
    }
    append_code_point(out, *cp);
    i = semi;
  }
  return out;
}

std::optional<std::string> json_string_at(std::string_view page, std::size_t quote) {
  if (quote >= page.size() || page[quote] != '"') return std::nullopt;
  std::string out;
  for (std::size_t i = quote + 1; i < page.size(); ++i) {
    char c = page[i];
    if (c == '"') return out;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (++i >= page.size()) return std::nullopt;
    switch (page[i]) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'u': {
        auto cp = hex4(page, i + 1);
        if (!cp) return std::nullopt;
        i += 4;
        if (*cp >= 0xD800 && *cp < 0xDC00 && i + 2 < page.size() && page[i + 1] == '\\' && page[i + 2] == 'u') {
          auto low = hex4(page, i + 3);
          if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
            cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
            i += 6;
          }
        }
        append_code_point(out, *cp);
        break;
      }
      default: out.push_back(page[i]);
    }
  }
  return std::nullopt;
}

std::optional<std::string> json_value(std::string_view page, std::string_view key) {
  std::string needle = "\"" + std::string(key) + "\":";
  auto at = page.find(needle);
  if (at == std::string_view::npos) return std::nullopt;
  auto quote = at + needle.size();
  while (quote < page.size() && page[quote] == ' ') ++quote;
  return json_string_at(page, quote);
}

}  // namespace ytm::feed::html
