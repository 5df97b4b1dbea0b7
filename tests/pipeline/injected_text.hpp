#pragma once
// What tests/fakes/fake_model_styles.py writes around or into an answer (its INJECTED list) and
// must never reach a document: one list for the tests and bench/answers.
#include <string>
#include <vector>

namespace ytm::test {

inline std::vector<std::string> injected_text() {
  return {"Here's the full translation",
          "以下是翻译",
          "Here is the JSON",
          "希望这份翻译对您有帮助",
          "Let me know if you would like",
          "演讲者",
          "Speaker:",
          "In this passage the speakers discuss",
          "confidence_note",
          "I can't help",
          "Please provide the transcript",
          "Let me work out how this part should read",
          "is where this part begins",
          "<think>",
          "</think>",
          "<thinking>",
          "<reasoning>"};
}

}  // namespace ytm::test
