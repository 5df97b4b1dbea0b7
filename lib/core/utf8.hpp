#pragma once
// UTF-8 as every part needs it. Text from outside (captions, yt-dlp, pages, feeds, models) goes
// through valid_utf8 where it enters, so whatever is stored, dumped as JSON or rendered is valid.
#include <cstddef>
#include <string>
#include <string_view>

namespace ytm {

// Length of the well-formed sequence at s[i] (Unicode table 3-7: no overlong form, no encoded
// surrogate, nothing past U+10FFFF), or 0 when there is none.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

// Decodes the code point at s[i] and advances i. An invalid byte (a stray continuation, a cut
// sequence, an overlong form, an encoded surrogate, past U+10FFFF) decodes as U+FFFD, one byte each.
char32_t next_codepoint(std::string_view s, std::size_t& i);

// Appends c as UTF-8; a surrogate (U+D800–U+DFFF) or a value past U+10FFFF appends nothing.
void append_utf8(std::string& out, char32_t c);

bool is_valid_utf8(std::string_view text);

// Code points, each invalid byte counted as one (as next_codepoint reads it).
std::size_t count_codepoints(std::string_view text);

// Valid UTF-8 without NUL: each invalid byte becomes U+FFFD; an encoded lone surrogate
// (ED A0–BF xx) and NUL are dropped.
std::string valid_utf8(std::string_view text);
// The same in place; cheap when the text is already valid (one scan, no copy).
void make_valid_utf8(std::string& text);
// text itself when it is valid, else a repaired copy held in `storage`: for whole files and pages.
std::string_view valid_utf8_view(std::string_view text, std::string& storage);

// Byte length of the longest prefix of text that is at most max_bytes and ends on a character.
std::size_t utf8_prefix_length(std::string_view text, std::size_t max_bytes);

}  // namespace ytm
