// OpenCC as lib/language wraps it: Simplified and Traditional Chinese told apart and converted, on
// YouTube's real Chinese translation of a talk.
#include <catch2/catch.hpp>

#include "language/chinese_script.hpp"
#include "support/real_text.hpp"

using namespace ytm;
using language::ChineseScript;

TEST_CASE("the script a language tag asks for") {
  CHECK(language::chinese_script_of("zh-CN") == ChineseScript::simplified);
  CHECK(language::chinese_script_of("zh") == ChineseScript::simplified);
  CHECK(language::chinese_script_of("zh-Hans") == ChineseScript::simplified);
  CHECK(language::chinese_script_of("zh-TW") == ChineseScript::traditional);
  CHECK(language::chinese_script_of("zh-HK") == ChineseScript::traditional);
  CHECK(language::chinese_script_of("zh-Hant-TW") == ChineseScript::traditional);
  CHECK_FALSE(language::chinese_script_of("ja"));
  CHECK(language::script_name(ChineseScript::simplified) == "Simplified Chinese");
}

TEST_CASE(
    "real Simplified Chinese has no character of the other script, and in Traditional every changed one is found") {
  const auto paragraphs = test::real_slices("1c7-crashcourse-ling4-auto-tlang-zh-Hans-2020.json3", 300);
  int traditional_total = 0;
  for (const std::string& p : paragraphs) {
    INFO(p);
    CHECK(language::other_script_characters(p, "zh-CN") == 0);
    const std::string traditional = language::convert_to_script(p, "zh-TW");
    const int found = language::other_script_characters(traditional, "zh-CN");
    traditional_total += found;
    CHECK((found > 0) == (traditional != p));
    CHECK(language::other_script_characters(traditional, "zh-TW") == 0);
    const std::string back = language::convert_to_script(traditional, "zh-CN");
    CHECK(language::other_script_characters(back, "zh-CN") == 0);
  }
  CHECK(traditional_total > 100);
}

TEST_CASE("Taiwan's own character forms are not taken for Simplified") {
  CHECK(language::other_script_characters("台灣的軟體產業", "zh-TW") == 0);
  CHECK(language::other_script_characters("台湾的软件产业", "zh-TW") == 5);
  // Taiwan's official form of 台 is 臺: OpenCC writes that one.
  CHECK(language::convert_to_script("台湾的软件产业", "zh-TW") == "臺灣的軟件產業");
  CHECK(language::other_script_characters("我們討論人工智慧的未來", "zh-CN") == 4);
  CHECK(language::convert_to_script("我們討論人工智慧的未來", "zh-CN") == "我们讨论人工智慧的未来");
}
