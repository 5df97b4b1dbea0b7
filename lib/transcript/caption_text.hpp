#pragma once
// Text clean-up shared by the caption parsers: entities, whitespace, markers, and where a caption
// ends a spoken sentence.
#include <string>
#include <string_view>

#include "core/text.hpp"
#include "core/utf8.hpp"

namespace ytm::transcript::text {

using ytm::append_utf8;

// "&amp;" "&#39;" "&#x27;" "&nbsp;" … decoded; unknown entities are left as written.
void append_decoded(std::string& out, std::string_view in);

// Whether a caption ends a spoken sentence: ends_sentence, but not "..." or "…" (a sentence
// that goes on in the next caption) nor "Mr." and friends.
bool ends_spoken_sentence(std::string_view text);

// "[Music]", "[Applause]", "♪♪", "(Laughter)": not speech.
bool is_marker(std::string_view text);

}  // namespace ytm::transcript::text
