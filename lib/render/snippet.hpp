#pragma once
// The part of a search hit's passage that is shown: a window around the first match, cut on
// character boundaries, with every matched term marked (for the terminal, JSON and HTML).
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ytm::render {

struct Snippet {
  std::string text;                                        // one line; "…" where the passage was cut
  std::vector<std::pair<std::size_t, std::size_t>> marks;  // byte offset and length of each match, in order
};

// Terms match case-insensitively (ASCII letters) anywhere, as the search index matches them.
Snippet make_snippet(std::string_view passage, const std::vector<std::string>& terms, std::size_t max_bytes = 240);

// The text with each mark between open and close ("**", "\x1b[1m" …); each piece passed through escape.
std::string marked_snippet(const Snippet& snippet, std::string_view open, std::string_view close,
                           std::string (*escape)(std::string_view) = nullptr);

}  // namespace ytm::render
