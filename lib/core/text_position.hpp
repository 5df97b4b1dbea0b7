#pragma once
// Where in a text an error is, the way an editor counts: "line 3, column 14" (both from 1,
// columns in bytes as YAML, XML and JSON tools report them).
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace ytm {

inline std::string line_and_column(std::string_view text, std::size_t offset) {
  const auto before = text.substr(0, std::min(offset, text.size()));
  const auto line = 1 + std::count(before.begin(), before.end(), '\n');
  const auto line_start = before.rfind('\n');
  const auto column = 1 + before.size() - (line_start == std::string_view::npos ? 0 : line_start + 1);
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace ytm
