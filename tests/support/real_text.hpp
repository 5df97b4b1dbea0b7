#pragma once
// Real speech as text for the language checks, read at test time from the caption files in
// ../shared/real-world/captions (see PROVENANCE.md there): English said in a video, and Chinese as
// YouTube's machine translation of a video's captions wrote it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "core/utf8.hpp"
#include "transcript/parse.hpp"

namespace ytm::test {

inline std::filesystem::path real_caption(const std::string& file) {
  return std::filesystem::path(YTM_SOURCE_DIR) / ".." / "shared" / "real-world" / "captions" / file;
}

// The file's speech, `per` caption segments a paragraph.
inline std::vector<std::string> real_paragraphs(const std::string& file, std::size_t per) {
  auto segments = transcript::parse_caption_file(real_caption(file));
  REQUIRE(segments);
  std::vector<std::string> out;
  std::string text;
  for (std::size_t i = 0; i < segments->size(); ++i) {
    if ((*segments)[i].marker) continue;
    text += (text.empty() ? "" : " ") + (*segments)[i].text;
    if ((i + 1) % per == 0) out.push_back(std::exchange(text, ""));
  }
  if (!text.empty()) out.push_back(text);
  return out;
}

// The file's speech run together and cut into paragraphs of at most `bytes` bytes (Chinese
// captions have no spaces to join them with).
inline std::vector<std::string> real_slices(const std::string& file, std::size_t bytes) {
  auto segments = transcript::parse_caption_file(real_caption(file));
  REQUIRE(segments);
  std::string all;
  for (const auto& s : *segments) all += s.marker ? "" : s.text;
  std::vector<std::string> out;
  for (std::string_view rest = all; !rest.empty();) {
    const std::size_t n = utf8_prefix_length(rest, bytes);
    out.emplace_back(rest.substr(0, n));
    rest.remove_prefix(n);
  }
  return out;
}

}  // namespace ytm::test
