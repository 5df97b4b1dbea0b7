#pragma once
// Plain-text facts every part needs, with one rule each: ASCII spaces and case, the scripts
// written without spaces between words, where a sentence ends, and reading a whole file.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ytm {

// ' ', '\t', '\n', '\r', '\f', '\v' (the C locale's isspace, without its int and locale traps).
bool is_ascii_space(char c);
std::string_view trim(std::string_view text);
std::string ascii_lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view text, std::string_view prefix);
// Runs of spaces become one space; leading and trailing spaces go.
std::string collapse_spaces(std::string_view text);
void append_collapsed(std::string& out, std::string_view text);

// Han (with radicals and extensions), kana, Hangul, CJK punctuation and full-width forms: scripts
// written without spaces between words, about one model token a character.
bool is_cjk(char32_t c);
// The first and last code points of UTF-8 text (0 for an empty one).
char32_t first_code_point(std::string_view text);
char32_t last_code_point(std::string_view text);

// text without trailing spaces and closing quotes or brackets (" ' ) ] ” ’ 」 』 ）).
std::string_view without_closers(std::string_view text);
// Whether text ends with . ? ! … 。 ？ ！ once closers are set aside.
bool ends_sentence(std::string_view text);

// The known word a mistyped one was most likely meant to be (at most two edits away: "statsu" →
// "status", "wokers" → "workers"); empty when none is that close.
std::string_view closest_word(std::string_view typed, const std::vector<std::string_view>& known);

// The whole file as bytes; nullopt when it cannot be opened.
std::optional<std::string> read_file(const std::filesystem::path& file);

}  // namespace ytm
