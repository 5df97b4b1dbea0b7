#include "pipeline/stages/answer_passes.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "pipeline/measure.hpp"

namespace ytm::pipeline {
namespace {

// Thought blocks as reasoning models write them when no server parser takes them out.
constexpr std::string_view thought_tags[] = {"think", "thinking", "reasoning"};

// A repeated paragraph shorter than this may be meant ("是的。"): kept.
constexpr std::size_t min_repeated_chars = 12;
// A sentence said this often in a row is a model looping; a speaker says one twice ("Thank you.
// Thank you."), not three times, and a short one ("No. No. No.") may be meant.
constexpr std::size_t min_loop_repeats = 3;
constexpr std::size_t min_looping_chars = 12;

std::string opening(std::string_view tag) { return "<" + std::string(tag) + ">"; }
std::string closing(std::string_view tag) { return "</" + std::string(tag) + ">"; }

// One tag's blocks taken out of text; how many.
int drop_blocks(std::string& text, std::string_view tag) {
  const std::string open = opening(tag), close = closing(tag);
  int dropped = 0;
  // A closing tag before any opening: the server put the opening in the prompt, so all before it is thought.
  const std::size_t first_close = text.find(close);
  if (first_close != std::string::npos && text.rfind(open, first_close) == std::string::npos) {
    text.erase(0, first_close + close.size());
    ++dropped;
  }
  for (std::size_t at = text.find(open); at != std::string::npos; at = text.find(open, at)) {
    const std::size_t end = text.find(close, at + open.size());
    // Unclosed: the answer stopped while the model was still thinking.
    text.erase(at, end == std::string::npos ? std::string::npos : end + close.size() - at);
    ++dropped;
  }
  return dropped;
}

std::string normalised(std::string_view text) { return collapse_spaces(trim(text)); }

bool sentence_end(char32_t c) {
  return c == U'。' || c == U'！' || c == U'？' || c == U'.' || c == U'!' || c == U'?';
}

// The text's sentences, each with the spaces after it.
std::vector<std::string_view> sentences(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0, i = 0;
  while (i < text.size()) {
    const char32_t c = next_codepoint(text, i);
    if (!sentence_end(c)) continue;
    while (i < text.size() && text[i] == ' ') ++i;
    out.push_back(text.substr(start, i - start));
    start = i;
  }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

}  // namespace

TextPassed drop_thoughts(std::string text) {
  int dropped = 0;
  for (const std::string_view tag : thought_tags) dropped += drop_blocks(text, tag);
  return {std::move(text), dropped};
}

Passed<AnswerParagraph> drop_repeated_paragraphs(std::vector<AnswerParagraph> paragraphs, const ReadFacts& /*facts*/) {
  std::vector<std::string> seen;
  int dropped = 0;
  std::vector<AnswerParagraph> kept;
  for (AnswerParagraph& p : paragraphs) {
    std::string key = normalised(p.text);
    const bool repeated = count_codepoints(key) >= min_repeated_chars &&
                          std::find(seen.begin(), seen.end(), key) != seen.end();
    if (repeated) {
      ++dropped;
      continue;
    }
    seen.push_back(std::move(key));
    kept.push_back(std::move(p));
  }
  return {std::move(kept), dropped};
}

Passed<AnswerParagraph> collapse_looping_sentences(std::vector<AnswerParagraph> paragraphs,
                                                   const ReadFacts& /*facts*/) {
  int collapsed = 0;
  for (AnswerParagraph& p : paragraphs) {
    const auto said = sentences(p.text);
    std::string text;
    for (std::size_t i = 0; i < said.size();) {
      const std::string key = normalised(said[i]);
      std::size_t run = 1;
      while (i + run < said.size() && normalised(said[i + run]) == key) ++run;
      const bool looping = run >= min_loop_repeats && count_codepoints(key) >= min_looping_chars;
      for (std::size_t k = 0; k < (looping ? 1 : run); ++k) text += said[i + k];
      if (looping) collapsed += static_cast<int>(run - 1);
      i += run;
    }
    if (text.size() != p.text.size()) p.text = std::string(trim(text));
  }
  return {std::move(paragraphs), collapsed};
}

}  // namespace ytm::pipeline
