#include "language/identify.hpp"

#include <algorithm>
#include <cstdio>  // compact_lang_det.h uses FILE without including it

#include <cld2/public/compact_lang_det.h>

#include "core/text.hpp"

namespace ytm::language {

std::string base_language(std::string_view tag) {
  const std::size_t end = tag.find_first_of("-_");
  return ascii_lower(tag.substr(0, end));
}

int Identified::percent_of(std::string_view language) const {
  const std::string base = base_language(language);
  int percent = 0;
  for (const Share& share : shares) {
    if (share.code == base) percent += share.percent;
  }
  return percent;
}

std::string Identified::top() const { return shares.empty() ? std::string() : shares.front().code; }

Identified identify(std::string_view text) {
  CLD2::Language languages[3];
  int percents[3] = {0, 0, 0};
  int letters = 0;
  bool reliable = false;
  CLD2::ExtDetectLanguageSummary(text.data(), static_cast<int>(text.size()), true, languages, percents, &letters,
                                 &reliable);
  Identified out;
  out.letters = letters;
  out.reliable = reliable;
  for (int i = 0; i < 3; ++i) {
    if (languages[i] == CLD2::UNKNOWN_LANGUAGE || percents[i] == 0) continue;
    // CLD2 names Traditional Chinese "zh-Hant": the same language here, its script is OpenCC's.
    const std::string code = base_language(CLD2::LanguageCode(languages[i]));
    auto same = std::find_if(out.shares.begin(), out.shares.end(), [&](const Share& s) { return s.code == code; });
    if (same != out.shares.end()) {
      same->percent += percents[i];
    } else {
      out.shares.push_back(Share{code, percents[i]});
    }
  }
  std::stable_sort(out.shares.begin(), out.shares.end(),
                   [](const Share& a, const Share& b) { return a.percent > b.percent; });
  return out;
}

std::string language_name(std::string_view tag) {
  std::string base = base_language(tag);
  const CLD2::Language language = CLD2::GetLanguageFromName(base.c_str());
  if (language == CLD2::UNKNOWN_LANGUAGE) return base;
  // CLD2 names languages in capitals ("ENGLISH", "CHINESE").
  std::string name = ascii_lower(CLD2::LanguageName(language));
  if (!name.empty()) name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

}  // namespace ytm::language
