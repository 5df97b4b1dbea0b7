#pragma once
// Text clean-up shared by the caption parsers: entities, markup, whitespace and the few Unicode
// facts (CJK, sentence ends) that decide how caption words join into sentences.
#include <string>
#include <string_view>

#include "core/utf8.hpp"

namespace ytm::transcript::text {

using ytm::append_utf8;

// "&amp;" "&#39;" "&#x27;" "&nbsp;" … decoded; unknown entities are left as written.
void append_decoded(std::string& out, std::string_view in);

// Removes every <…> markup tag (WebVTT <c>, <i>, <v Name>, timestamps; <font>, <br>).
std::string strip_tags(std::string_view in);

// Runs of whitespace become one space; leading and trailing whitespace goes.
void append_collapsed(std::string& out, std::string_view in);

// The first and last code points of a UTF-8 string (0 for an empty one).
char32_t first_code_point(std::string_view s);
char32_t last_code_point(std::string_view s);

// Han, kana, hangul and CJK punctuation: scripts written without spaces between words.
bool is_cjk(char32_t c);

// Whether text ends a sentence: ". ! ? 。 ！ ？" (closing quotes and brackets allowed after),
// but not "..." (a sentence that goes on in the next caption) nor "Mr." and friends.
bool ends_sentence(std::string_view text);

// "[Music]", "[Applause]", "♪♪", "(Laughter)": not speech.
bool is_marker(std::string_view text);

}  // namespace ytm::transcript::text
