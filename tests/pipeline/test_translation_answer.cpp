// Translations as models write them: stamps, speaker labels, lead-ins and sign-offs.
#include <catch2/catch.hpp>

#include "pipeline/stages/align.hpp"
#include "pipeline/stages/clean_answer.hpp"

using namespace ytm::pipeline;

namespace {

const Chunk chunk{0, 0, 2, 0, 900, 0, -1};

std::vector<Line> two_speakers() {
  return {Line{0, 100, "Jensen Huang", "Hello.", -1}, Line{100, 900, "Host", "Hi.", -1}};
}

}  // namespace

TEST_CASE("paragraph stamps are read in every form models write them") {
  for (const std::string opener : {"[12:34]", "(12:34)", "12:34", "【12:34】", "**[12:34]**", "[12:34.5]", "[0:12:34]",
                                   "**12:34**", "（12:34）"}) {
    INFO(opener);
    const auto answer = read_translation("[0:05] 开始。\n\n" + opener + " 第二段。", chunk, {}, {});
    REQUIRE(answer.paragraphs.size() == 2);
    CHECK(answer.paragraphs[1].start == 754);
    CHECK(answer.paragraphs[1].text == "第二段。");
    CHECK(answer.stamped == 2);
  }
  // Not stamps: a time inside a sentence, a ratio, a stamp glued to a word.
  for (const std::string line : {"在 12:34 他说", "12:34am 开始", "[12:34 开始", "3:1 的比例"}) {
    INFO(line);
    CHECK(read_translation("[0:05] 开始。\n" + line, chunk, {}, {}).paragraphs.size() == 1);
  }
}

TEST_CASE("speaker labels are read in their forms, and labels the material never names are dropped") {
  const auto lines = two_speakers();
  const auto answer = read_translation(
      "[0:00] **Jensen Huang:** 一。\n\n[0:10] **Jensen Huang**: 二。\n\n[0:20] **Jensen Huang：** 三。\n\n"
      "[0:30] Jensen Huang: 四。\n\n[0:40] **主持人：** 五。\n\n[1:50] **演讲者：** 六。\n\n[2:00] **Speaker 1:** "
      "七。\n\n"
      "[2:10] 比例是 3: 1。",
      chunk, lines, {});
  REQUIRE(answer.paragraphs.size() == 8);
  for (int i = 0; i < 4; ++i) {
    CHECK(answer.paragraphs[i].speaker == "Jensen Huang");
    CHECK(answer.paragraphs[i].text.find("Jensen") == std::string::npos);
  }
  CHECK(answer.paragraphs[4].speaker == "主持人");  // the name translated
  CHECK(answer.paragraphs[5].speaker == "Host");    // invented: the transcript's speaker at that time
  CHECK(answer.paragraphs[5].text == "六。");
  CHECK(answer.paragraphs[6].text == "七。");
  CHECK(answer.paragraphs[7].speaker.empty());
  CHECK(answer.paragraphs[7].text == "比例是 3: 1。");
  CHECK(answer.dropped_labels == 2);
  // Without speakers in the transcript an invented label leaves no speaker.
  const auto none = read_translation("[0:00] **Speaker:** 一。", chunk, {}, {});
  CHECK(none.paragraphs.at(0).speaker.empty());
  CHECK(none.paragraphs.at(0).text == "一。");
  // A name from the metadata is a label without bold too.
  CHECK(read_translation("[0:00] Lex Fridman: 一。", chunk, {}, {"Lex Fridman"}).paragraphs.at(0).speaker ==
        "Lex Fridman");
}

TEST_CASE("lead-ins, sign-offs, headings and rules around a translation are dropped and counted") {
  const auto answer = read_translation(
      "Sure! Here's the full translation:\n\n## Part 1\n\n[0:00] 一。\n\n---\n\n[0:10] 二。\n\n"
      "希望这份翻译对您有帮助！",
      chunk, {}, {});
  REQUIRE(answer.paragraphs.size() == 2);
  CHECK(answer.paragraphs[0].text == "一。");
  CHECK(answer.paragraphs[1].text == "二。");
  CHECK(answer.dropped_lines == 4);
  const auto chinese = read_translation(
      "好的，以下是翻译：\n[0:00] 一。\n\n[0:10] 二。\nLet me know if you would like any changes.", chunk, {}, {});
  REQUIRE(chinese.paragraphs.size() == 2);
  CHECK(chinese.paragraphs[1].text == "二。");
  CHECK(chinese.dropped_lines == 2);
  // A closing paragraph that is translation stays.
  const auto kept = read_translation("[0:00] 一。\n\n他最后说，这是一个很长的故事，我们下次再讲。", chunk, {}, {});
  CHECK(kept.paragraphs.at(0).text == "一。 他最后说，这是一个很长的故事，我们下次再讲。");
  CHECK(is_chatter("**Translation:**"));
  CHECK(is_chatter("以下是第 2 部分的翻译"));
  CHECK_FALSE(is_chatter("他说这很重要。"));
}
