#include "render/escape.hpp"

#include "render/file_name.hpp"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <vector>

#include "core/text.hpp"

namespace ytm::render {
namespace {

bool starts_entity(std::string_view s, std::size_t i) {
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '#') ++j;
  std::size_t first = j;
  while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) ++j;
  return j > first && j < s.size() && s[j] == ';';
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      auto line = text.substr(start, i - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      lines.push_back(line);
      start = i + 1;
    }
  }
  return lines;
}

// An escaped line that would otherwise open a block: heading, quote, list, thematic break,
// setext underline, fence. Backticks and '#', '>' are already escaped by inline_text.
std::string guard_line_start(std::string line) {
  if (line.empty()) return line;
  char c = line[0];
  if (c == '-' || c == '+' || c == '=' || c == '~') return "\\" + line;
  std::size_t digits = 0;
  while (digits < line.size() && digits < 10 && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
  if (digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')')) {
    line.insert(digits, "\\");
  }
  return line;
}

}  // namespace

std::string inline_text(std::string_view raw) {
  auto text = valid_utf8(raw);
  std::string out;
  out.reserve(text.size() + 16);
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    auto u = static_cast<unsigned char>(c);
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || u < 0x20 || u == 0x7F) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '`': out += "\\`"; break;
      case '|': out += "\\|"; break;
      case '[': out += "\\["; break;
      case ']': out += "\\]"; break;
      case '#': out += "\\#"; break;
      case '*': out += "\\*"; break;
      case '_': out += "\\_"; break;
      case '$': out += "\\$"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += starts_entity(text, i) ? "&amp;" : "&"; break;
      default: out += c;
    }
  }
  return guard_line_start(out);
}

std::string cell_text(std::string_view text) { return inline_text(text); }

std::string block_text(std::string_view text) {
  std::string out;
  bool pending_blank = false;
  for (auto line : split_lines(text)) {
    auto escaped = inline_text(trim(line));
    if (escaped.empty()) {
      pending_blank = !out.empty();
      continue;
    }
    if (!out.empty()) out += pending_blank ? "\n\n" : "\n";
    pending_blank = false;
    out += escaped;
  }
  return out;
}

std::string quoted_block(std::string_view text) {
  std::string out;
  auto block = block_text(text);
  for (auto line : split_lines(block)) {
    out += line.empty() ? ">\n" : "> " + std::string(line) + "\n";
  }
  if (!out.empty()) out.pop_back();
  return out;
}

std::string xml_text(std::string_view raw) {
  auto text = valid_utf8(raw);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto u = static_cast<unsigned char>(text[i]);
    switch (text[i]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (u < 0x20 && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') break;
        if (std::string_view(text).substr(i).starts_with("\xEF\xBF\xBE") ||
            std::string_view(text).substr(i).starts_with("\xEF\xBF\xBF")) {
          i += 2;
          break;
        }
        out += text[i];
    }
  }
  return out;
}

std::string wikilink(std::string_view name) {
  auto target = safe_component(name);
  if (target == "_") return inline_text(name);
  return "[[" + target + "]]";
}

std::string yaml_string(std::string_view raw) {
  auto text = valid_utf8(raw);
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto u = static_cast<unsigned char>(text[i]);
    auto rest = std::string_view(text).substr(i);
    if (text[i] == '"') {
      out += "\\\"";
    } else if (text[i] == '\\') {
      out += "\\\\";
    } else if (text[i] == '\n') {
      out += "\\n";
    } else if (text[i] == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", u);
      out += buf;
    } else if (rest.starts_with("\xC2\x85")) {  // NEL, a line break to YAML 1.1
      out += "\\N";
      ++i;
    } else if (rest.starts_with("\xE2\x80\xA8") || rest.starts_with("\xE2\x80\xA9")) {
      out += rest[2] == '\xA8' ? "\\L" : "\\P";
      i += 2;
    } else if (rest.starts_with("\xEF\xBB\xBF")) {
      out += "\\uFEFF";
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out + "\"";
}

std::string url_encode_path(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0xF];
    }
  }
  return out;
}

std::string fill(std::string_view templ, std::initializer_list<std::pair<std::string_view, std::string>> values) {
  std::string out;
  for (std::size_t i = 0; i < templ.size();) {
    bool replaced = false;
    if (templ[i] == '{') {
      for (const auto& [key, value] : values) {
        if (templ.substr(i + 1).starts_with(key) && templ.substr(i + 1 + key.size()).starts_with("}")) {
          out += value;
          i += key.size() + 2;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += templ[i++];
  }
  return out;
}

}  // namespace ytm::render
