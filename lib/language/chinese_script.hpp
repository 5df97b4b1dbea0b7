#pragma once
// Simplified and Traditional Chinese told apart and converted with OpenCC and its own tables
// (/usr/share/opencc): a character is of the other script when OpenCC's conversion into the
// wanted one changes it. The tables are loaded once per process, on first use.
#include <optional>
#include <string>
#include <string_view>

namespace ytm::language {

enum class ChineseScript { simplified, traditional };

// The script a language tag asks for: zh-CN, zh-SG, zh-Hans and plain zh are Simplified; zh-TW,
// zh-HK, zh-MO and zh-Hant Traditional; nullopt for a language that is not Chinese.
std::optional<ChineseScript> chinese_script_of(std::string_view tag);

// "Simplified Chinese" or "Traditional Chinese".
std::string_view script_name(ChineseScript script);

// How many of text's characters are not of the script a Chinese `tag` asks for (Taiwan's and Hong
// Kong's character forms count as theirs for zh-TW and zh-HK; for a Traditional tag, a text with at
// least as many Traditional-only characters has none: 台 is Taiwan's as much as 臺).
int other_script_characters(std::string_view text, std::string_view tag);

// text in the script a Chinese `tag` asks for, converted by OpenCC (phrases first, then
// characters, so a character is converted as its word wants).
std::string convert_to_script(std::string_view text, std::string_view tag);

}  // namespace ytm::language
