#pragma once
// Reading a loaded configuration's errors in the config tests.
#include <algorithm>
#include <string>
#include <vector>

#include "config/loader.hpp"

namespace ytm::test {

// Every error as FILE:LINE:COLUMN: message, for a failing test's output.
inline std::vector<std::string> messages(const config::Loaded& loaded) {
  std::vector<std::string> out;
  for (const auto& e : loaded.errors) out.push_back(e.to_string());
  return out;
}

// True when some error is at file:line:column and its message contains text.
inline bool has_error(const config::Loaded& loaded, const std::string& file, int line, int column,
                      const std::string& text) {
  return std::any_of(loaded.errors.begin(), loaded.errors.end(), [&](const auto& e) {
    return e.file.filename() == file && e.line == line && e.column == column &&
           e.message.find(text) != std::string::npos;
  });
}

// The whole message of the error at file:line:column, or "" when there is none there.
inline std::string error_at(const config::Loaded& loaded, const std::string& file, int line, int column) {
  for (const auto& e : loaded.errors) {
    if (e.file.filename() == file && e.line == line && e.column == column) return e.message;
  }
  return "";
}

}  // namespace ytm::test
