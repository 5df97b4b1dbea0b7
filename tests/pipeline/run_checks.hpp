#pragma once
// What a finished run must show, for the pipeline tests.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "pipeline/chunking.hpp"
#include "pipeline/input.hpp"
#include "pipeline/result.hpp"

namespace ytm::test {

// Every source line is in the text, in order, and the paragraphs run without a gap to the end.
inline void check_complete(const pipeline::VideoResult& result, const pipeline::PipelineInput& input) {
  REQUIRE_FALSE(result.translation.empty());
  CHECK(result.translation.front().start <= 1);
  CHECK(result.translation.back().end == input.video.duration);
  std::string text;
  for (std::size_t i = 0; i < result.translation.size(); ++i) {
    const pipeline::Paragraph& p = result.translation[i];
    if (i + 1 < result.translation.size()) CHECK(p.end == result.translation[i + 1].start);
    CHECK(p.end - p.start < 180);
    text += p.text + "\n";
  }
  std::size_t at = 0, missing = 0;
  std::string which;
  for (const pipeline::Line& line : pipeline::build_lines(input.segments, pipeline::sorted_chapters(input.chapters))) {
    const std::size_t found = text.find(line.text, at);
    if (found == std::string::npos) {
      ++missing;
      which += "[" + std::to_string(line.start) + "] " + line.text + "\n";
    } else {
      at = found + line.text.size();
    }
  }
  INFO("missing lines:\n" << which);
  CHECK(missing == 0);
}

// No paragraph is written twice and no sentence of one follows itself: a model's repeats and loops
// are gone (the synthetic talk never says a sentence twice in a row).
inline void check_said_once(const pipeline::VideoResult& result) {
  std::set<std::string> seen;
  for (const pipeline::Paragraph& p : result.translation) {
    INFO(p.text);
    CHECK(seen.insert(p.text).second);
    std::size_t start = 0;
    std::string previous;
    for (std::size_t end = p.text.find(". ", start); end != std::string::npos; end = p.text.find(". ", start)) {
      const std::string sentence = p.text.substr(start, end + 1 - start);
      CHECK(sentence != previous);
      previous = sentence;
      start = end + 2;
    }
  }
}

// No list or table marker and no bold in a paragraph: a model's lists, tables and pseudo-headings are
// paragraphs again (the synthetic talk has no digits, dashes, bars or asterisks of its own).
inline void check_no_furniture(const pipeline::VideoResult& result) {
  for (const pipeline::Paragraph& p : result.translation) {
    INFO(p.text);
    const std::string text = " " + p.text;
    for (const char* marker : {" - ", " * ", " + ", "•", "|", "**", "---"}) CHECK(text.find(marker) == std::string::npos);
    for (std::size_t at = text.find(". "); at != std::string::npos; at = text.find(". ", at + 1)) {
      CHECK_FALSE((at > 0 && text[at - 1] >= '0' && text[at - 1] <= '9'));  // " 2. " numbers an item
    }
  }
}

// Times only go forward and every paragraph has a moment of its own (its link): starts strictly
// increasing.
inline void check_own_links(const pipeline::VideoResult& result) {
  for (std::size_t i = 1; i < result.translation.size(); ++i) {
    INFO("paragraph " << i << " at " << result.translation[i].start);
    CHECK(result.translation[i].start > result.translation[i - 1].start);
  }
}

}  // namespace ytm::test
