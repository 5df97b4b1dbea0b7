#pragma once
// Text helpers shared by chunking, prompts, checks and grounding: UTF-8 walking, a CJK-aware
// token estimate, timestamps as the prompts write them, and language tags.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/utf8.hpp"

namespace ytm::pipeline {

using ytm::append_utf8;
using ytm::next_codepoint;

// Han, kana, Hangul and full-width forms: about one token each.
bool is_cjk(char32_t c);
// About 4 characters a token for other text, one a token for CJK (see docs/performance.md).
int estimate_tokens(std::string_view text);
std::size_t count_codepoints(std::string_view text);

// "[m:ss]" style without brackets: "7:05", "1:02:03".
std::string format_timestamp(double seconds);
// Reads "7:05", "07:05", "1:02:03"; nullopt for anything else.
std::optional<int> parse_timestamp(std::string_view text);
// parse_timestamp as models also write it: fractional seconds allowed ("7:05.5", "1:02:03.250").
std::optional<double> parse_clock(std::string_view text);

// True when the text ends a sentence (. ? ! … and their CJK forms, closing quotes allowed).
bool ends_sentence(std::string_view text);
std::string trim(std::string_view text);
std::string collapse_spaces(std::string_view text);

// Language tags: same_language("en", "en-US") and same_language("zh-CN", "zh-Hans") are true,
// same_language("zh-CN", "zh-TW") is false (another script needs translating).
bool same_language(std::string_view a, std::string_view b);
std::string language_name(std::string_view tag);  // "Simplified Chinese (zh-CN)"
// When the source does not say: "zh", "ja", "ko" by script, else "en".
std::string guess_language(std::string_view text);

}  // namespace ytm::pipeline
