#include "render/snippet.hpp"

#include <algorithm>

#include "render/escape.hpp"

namespace ytm::render {
namespace {

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string folded(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), fold);
  return out;
}

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// One line: breaks and tabs become spaces, runs of spaces one.
std::string one_line(std::string_view raw) {
  auto text = valid_utf8(raw);
  std::string out;
  for (char c : text) {
    bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::size_t first_match(const std::string& haystack, const std::vector<std::string>& needles) {
  auto best = std::string::npos;
  for (const auto& n : needles) {
    if (!n.empty()) best = std::min(best, haystack.find(n));
  }
  return best == std::string::npos ? 0 : best;
}

}  // namespace

Snippet make_snippet(std::string_view passage, const std::vector<std::string>& terms, std::size_t max_bytes) {
  auto text = one_line(passage);
  std::vector<std::string> needles;
  for (const auto& t : terms) needles.push_back(folded(one_line(t)));
  auto hit = first_match(folded(text), needles);
  std::size_t start = hit > max_bytes / 3 ? hit - max_bytes / 3 : 0;
  while (start > 0 && continuation(text[start])) --start;
  auto space = text.rfind(' ', start + 12);  // start at a word when one begins near
  if (start > 0 && space != std::string::npos && space >= start && space < hit) start = space + 1;
  auto end = std::min(text.size(), start + max_bytes);
  while (end < text.size() && continuation(text[end])) --end;

  Snippet s;
  s.text = (start > 0 ? "…" : "") + text.substr(start, end - start) + (end < text.size() ? "…" : "");
  auto haystack = folded(s.text);
  for (std::size_t at = 0; at < haystack.size();) {
    std::size_t length = 0;
    for (const auto& n : needles) {
      if (!n.empty() && haystack.compare(at, n.size(), n) == 0) length = std::max(length, n.size());
    }
    if (length > 0) {
      s.marks.emplace_back(at, length);
      at += length;
    } else {
      ++at;
    }
  }
  return s;
}

std::string marked_snippet(const Snippet& s, std::string_view open, std::string_view close,
                           std::string (*escape)(std::string_view)) {
  auto piece = [&](std::size_t from, std::size_t n) {
    auto part = std::string_view(s.text).substr(from, n);
    return escape ? escape(part) : std::string(part);
  };
  std::string out;
  std::size_t at = 0;
  for (const auto& [offset, length] : s.marks) {
    out += piece(at, offset - at);
    out += open;
    out += piece(offset, length);
    out += close;
    at = offset + length;
  }
  return out + piece(at, std::string::npos);
}

}  // namespace ytm::render
