#include "pipeline/stages/language.hpp"

#include <cstdlib>

#include "core/utf8.hpp"
#include "language/chinese_script.hpp"
#include "language/identify.hpp"
#include "language/scripts.hpp"

namespace ytm::pipeline {
namespace {

// Fewer letters than this (bytes CLD2 scores; a Han character is three) cannot be told: a name, a
// number, "GPT-4".
constexpr int min_letters = 24;
// A text is in another language when the output language has at most this share of its letters
// and another language at least the next one.
constexpr int max_target_percent = 25;
constexpr int min_other_percent = 50;
// For Chinese, Japanese and Korean output: one such letter for every this many Latin letters (about
// one character a word) is a text in the output language with terms in another.
constexpr int latin_letters_per_cjk = 4;
// A source-language paragraph this close to one in the output language is its original.
constexpr int beside_seconds = 2;

using language::is_han;
using language::is_hangul;
using language::is_kana;

bool is_latin_letter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F);
}

// A letter of the script(s) Chinese, Japanese or Korean is written in; false for other languages.
bool is_script_letter(char32_t c, std::string_view base) {
  if (base == "zh") return is_han(c);
  if (base == "ja") return is_han(c) || is_kana(c);
  if (base == "ko") return is_hangul(c) || is_han(c);
  return false;
}

// The script ratio: enough letters of the output language's script for the Latin ones to be names
// and terms in it, and more of them than of another East Asian script (Japanese writes Han too).
bool mostly_in_script(std::string_view text, std::string_view base) {
  int own = 0, latin = 0, other = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = next_codepoint(text, i);
    const bool mine = is_script_letter(c, base);
    own += mine ? 1 : 0;
    latin += is_latin_letter(c) ? 1 : 0;
    other += !mine && (is_han(c) || is_kana(c) || is_hangul(c)) ? 1 : 0;
  }
  return own > 0 && own * latin_letters_per_cjk >= latin && own > 2 * other;
}

}  // namespace

TextLanguage judge_language(std::string_view text, const LanguageFacts& facts) {
  TextLanguage out;
  const std::string target = language::base_language(facts.target_language);
  if (language::chinese_script_of(facts.target_language)) {
    out.other_script = language::other_script_characters(text, facts.target_language) > 0;
  }
  if (mostly_in_script(text, target)) return out;
  const language::Identified found = language::identify(text);
  if (found.letters < min_letters || found.shares.empty()) return out;
  const language::Share& top = found.shares.front();
  if (top.code == target || found.percent_of(target) > max_target_percent || top.percent < min_other_percent) {
    return out;
  }
  out.wrong_language = true;
  out.language = top.code;
  return out;
}

std::string converted_name(std::string_view target_language) {
  const auto script = language::chinese_script_of(target_language);
  return "converted to " + std::string(script ? language::script_name(*script) : target_language);
}

std::string left_in_name(std::string_view language) { return "left in " + language::language_name(language); }

std::vector<Paragraph> check_language(std::vector<Paragraph> paragraphs, const LanguageFacts& facts,
                                      PassCounts& counts) {
  if (language::base_language(facts.source_language) == language::base_language(facts.target_language)) {
    return paragraphs;
  }
  std::vector<TextLanguage> judged;
  for (Paragraph& p : paragraphs) {
    judged.push_back(judge_language(p.text, facts));
    if (!judged.back().other_script) continue;
    std::string converted = language::convert_to_script(p.text, facts.target_language);
    if (converted == p.text) continue;
    p.text = std::move(converted);
    counts[converted_name(facts.target_language)] += PassTally{1, "paragraphs in the other Chinese script: converted"};
  }
  const std::string source = language::base_language(facts.source_language);
  const auto translated_beside = [&](std::size_t i, std::size_t j) {
    return j < paragraphs.size() && !judged[j].wrong_language &&
           std::abs(paragraphs[i].start - paragraphs[j].start) <= beside_seconds;
  };
  std::vector<bool> original(paragraphs.size(), false);
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    original[i] = judged[i].wrong_language && judged[i].language == source &&
                  (translated_beside(i, i + 1) || (i > 0 && translated_beside(i, i - 1)));
  }
  std::vector<Paragraph> kept;
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    if (original[i]) {
      counts[std::string(beside_name)] += PassTally{1, "the original written beside its translation: dropped"};
      continue;
    }
    if (judged[i].wrong_language) {
      counts[left_in_name(judged[i].language)] +=
          PassTally{1, "paragraphs not in the output language: asked for again, else kept as the original"};
      paragraphs[i].untranslated = Untranslated::wrong_language;
    }
    kept.push_back(std::move(paragraphs[i]));
  }
  return kept;
}

}  // namespace ytm::pipeline
