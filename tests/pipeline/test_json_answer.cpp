// JSON answers as models write them, read and fitted to the schema without a repair call.
#include <catch2/catch.hpp>

#include "pipeline/json_answer.hpp"
#include "pipeline/prompts.hpp"

using namespace ytm::pipeline;
using nlohmann::json;

namespace {

const json& notes_schema() {
  static const json schema = load_prompts({}).notes_schema;
  return schema;
}

JsonAnswer notes(const std::string& text, double duration = 1800) {
  return read_json_answer(text, std::nullopt, notes_schema(), {duration});
}

}  // namespace

TEST_CASE("trailing commas, full-width punctuation and curly quotes outside strings are read") {
  const auto commas = notes("{\"points\": [{\"t\": 5, \"text\": \"a, b\"},],\n \"quotes\": [], \"names\": [\"x\",],}");
  REQUIRE(commas.value);
  CHECK((*commas.value)["points"][0]["text"] == "a, b");
  const auto wide =
      notes("{\"points\"：[{\"t\"：5，\"text\"：\"一，二：三\"}]，\"quotes\"：[]，\"names\"：[“英伟达”]}");
  REQUIRE(wide.value);
  CHECK((*wide.value)["points"][0]["text"] == "一，二：三");  // inside strings they stay
  CHECK((*wide.value)["names"][0] == "英伟达");
  CHECK(loosen_json("{\"a\": \"x, }\",}") == "{\"a\": \"x, }\"}");
}

TEST_CASE("a JSON answer in a fence or after a sentence is found") {
  const std::string object = R"({"points": [{"t": 5, "text": "a"}], "quotes": [], "names": []})";
  CHECK(notes("Here is the JSON you asked for:\n```json\n" + object + "\n```\nLet me know!").value);
  CHECK(notes("以下是笔记：" + object + "，希望有帮助").value);
}

TEST_CASE("times as strings, clock times and milliseconds become seconds") {
  const auto a =
      notes(R"({"points": [{"t": "12:34", "text": "a"}, {"t": "75", "text": "b"}, {"t": "1:02:03", "text": "c"}],
                        "quotes": [{"text": "q", "t": "0:30", "speaker": ""}], "names": []})",
            4000);
  REQUIRE(a.value);
  const json& p = (*a.value)["points"];
  CHECK(p[0]["t"] == 754);
  CHECK(p[1]["t"] == 75);
  CHECK(p[2]["t"] == 3723);
  CHECK((*a.value)["quotes"][0]["t"] == 30);
  CHECK(a.fixes.size() == 4);
  // Milliseconds: the latest time far past the end of a 30-minute video; the small ones are too.
  const auto ms = notes(R"({"points": [{"t": 2000, "text": "a"}, {"t": 1754000, "text": "b"}], "quotes": [],
                         "names": []})");
  REQUIRE(ms.value);
  CHECK((*ms.value)["points"][0]["t"] == 2);
  CHECK((*ms.value)["points"][1]["t"] == 1754);
  // Times within the video stay as they are.
  CHECK((*notes(R"({"points": [{"t": 1700, "text": "a"}], "quotes": [], "names": []})").value)["points"][0]["t"] ==
        1700);
  // Text that is no number stays text, and the schema says so.
  const auto bad = notes(R"({"points": [{"t": "soon", "text": "a"}], "quotes": [], "names": []})");
  CHECK_FALSE(bad.value);
  CHECK_THAT(bad.error, Catch::Contains("/points/0/t: expected number, got string"));
}

TEST_CASE("unknown keys are dropped and logged, missing optional lists are empty") {
  const auto a = notes(R"({"points": [{"t": 5, "text": "a", "confidence": 0.9}], "summary": "x"})");
  REQUIRE(a.value);
  CHECK_FALSE(a.value->contains("summary"));
  CHECK_FALSE((*a.value)["points"][0].contains("confidence"));
  CHECK((*a.value)["quotes"] == json::array());
  CHECK((*a.value)["names"] == json::array());
  std::string fixes;
  for (const auto& fix : a.fixes) fixes += fix + "\n";
  CHECK_THAT(fixes, Catch::Contains("/points/0/confidence: dropped"));
  // A required list that must have items is not made up.
  const json summary_schema = load_prompts({}).summary_schema;
  const auto summary =
      read_json_answer(R"({"tldr": "x", "intro": "", "video_type": "talk"})", std::nullopt, summary_schema, {600});
  CHECK_FALSE(summary.value);
  CHECK_THAT(summary.error, Catch::Contains("missing required property \"chapters\""));
}
