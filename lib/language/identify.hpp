#pragma once
// What language a text is in, as CLD2 (Google's Compact Language Detector 2) tells it: its top
// languages by share of the text's letters. Language tags are compared by their base ("zh-CN" and
// "zh-TW" are both "zh"; CLD2's "zh-Hant" too).
#include <string>
#include <string_view>
#include <vector>

namespace ytm::language {

struct Share {
  std::string code;  // base language: "en", "zh", "ja"
  int percent = 0;   // of the text's letters
};

struct Identified {
  std::vector<Share> shares;  // largest first; languages CLD2 cannot tell are left out
  int letters = 0;            // bytes of letters CLD2 scored (a Han character is three)
  bool reliable = false;      // CLD2's own judgement

  // The share of `language` (a tag or a base) in the text, 0 when it is not among the top ones.
  [[nodiscard]] int percent_of(std::string_view language) const;
  // The base of the largest share, empty when none.
  [[nodiscard]] std::string top() const;
};

// Plain text, valid UTF-8.
Identified identify(std::string_view text);

// "zh-CN" → "zh", "pt_BR" → "pt", "EN" → "en".
std::string base_language(std::string_view tag);

// "English", "Chinese", "Japanese" for a tag; the base itself when CLD2 does not know it.
std::string language_name(std::string_view tag);

}  // namespace ytm::language
