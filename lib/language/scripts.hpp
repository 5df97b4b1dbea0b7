#pragma once
// Which East Asian script a character is written in, by Unicode block: what CLD2 cannot say of a
// short text and the script checks of the output language need.

namespace ytm::language {

inline bool is_han(char32_t c) {
  return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}
inline bool is_kana(char32_t c) { return c >= 0x3040 && c <= 0x30FF; }
inline bool is_hangul(char32_t c) { return c >= 0xAC00 && c <= 0xD7AF; }

}  // namespace ytm::language
