#pragma once
// Text helpers shared by chunking, prompts, checks and grounding: a CJK-aware token estimate, timestamps as the prompts
// write them, and language tags.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/text.hpp"
#include "core/utf8.hpp"

namespace ytm::pipeline {

using ytm::append_utf8;
using ytm::count_codepoints;
using ytm::next_codepoint;

// About 4 characters a token for other text, one a token for CJK (see docs/performance.md).
int estimate_tokens(std::string_view text);

// "[m:ss]" style without brackets: "7:05", "1:02:03".
std::string format_timestamp(double seconds);
// Reads "7:05", "07:05", "1:02:03"; nullopt for anything else.
std::optional<int> parse_timestamp(std::string_view text);
// parse_timestamp as models also write it: fractional seconds allowed ("7:05.5", "1:02:03.250").
std::optional<double> parse_clock(std::string_view text);

// Language tags: same_language("en", "en-US") and same_language("zh-CN", "zh-Hans") are true,
// same_language("zh-CN", "zh-TW") is false (another script needs translating).
bool same_language(std::string_view a, std::string_view b);
// Lower case with '_' as '-': "zh_Hant_TW" is "zh-hant-tw".
std::string normal_tag(std::string_view tag);
// The primary subtag of a normalised tag: "zh" for "zh-Hant-TW".
std::string primary_language(std::string_view tag);
std::string language_name(std::string_view tag);  // "Simplified Chinese (zh-CN)"
// When the source does not say: "zh", "ja", "ko" by script, else "en".
std::string guess_language(std::string_view text);
// How many characters of the target language one character of the source language becomes, on
// average: English → Chinese about 0.3, German → English about 0.85.
double expected_length_ratio(std::string_view source_language, std::string_view target_language);

}  // namespace ytm::pipeline
