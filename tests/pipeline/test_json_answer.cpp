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

namespace {

const json& summary_schema() {
  static const json schema = load_prompts({}).summary_schema;
  return schema;
}

json summary_object(double chapter_scale) {
  return {{"intro", ""},
          {"tldr", "要点"},
          {"chapters",
           {{{"start", 0}, {"end", 2900 * chapter_scale}, {"title", "一"}, {"summary", ""}},
            {{"start", 2900 * chapter_scale}, {"end", 5796 * chapter_scale}, {"title", "二"}, {"summary", ""}}}},
          {"arguments", json::array()},
          {"companies", json::array()},
          {"quotes",
           {{{"text", "a"}, {"translation", ""}, {"speaker", ""}, {"timestamp", 1234}},
            {{"text", "b"}, {"translation", ""}, {"speaker", ""}, {"timestamp", 5000}}}},
          {"people", json::array()},
          {"video_type", "talk"}};
}

}  // namespace

TEST_CASE("chapter times in milliseconds are made seconds, the quotes' right seconds stay") {
  const auto read = read_json_answer(summary_object(1000).dump(), std::nullopt, summary_schema(), {5796});
  REQUIRE(read.value);
  const json& v = *read.value;
  CHECK(v["chapters"][0]["start"] == 0);
  CHECK(v["chapters"][0]["end"] == 2900);
  CHECK(v["chapters"][1]["end"] == 5796);
  CHECK(v["quotes"][0]["timestamp"] == 1234);
  CHECK(v["quotes"][1]["timestamp"] == 5000);
  // And the other way round: quotes in milliseconds, chapters in seconds.
  json quotes_ms = summary_object(1);
  for (auto& q : quotes_ms["quotes"]) q["timestamp"] = q["timestamp"].get<int>() * 1000;
  const auto other = read_json_answer(quotes_ms.dump(), std::nullopt, summary_schema(), {5796});
  REQUIRE(other.value);
  CHECK((*other.value)["chapters"][1]["end"] == 5796);
  CHECK((*other.value)["quotes"][0]["timestamp"] == 1234);
}

TEST_CASE("an answer inside a one-key wrapper is taken out of it") {
  const std::string object = R"({"points": [{"t": 5, "text": "a"}], "quotes": [], "names": ["x"]})";
  for (const std::string wrapper : {"data", "result", "response", "notes"}) {
    INFO(wrapper);
    const auto read = notes("{\"" + wrapper + "\": " + object + "}");
    REQUIRE(read.value);
    CHECK((*read.value)["points"][0]["t"] == 5);
    CHECK((*read.value)["names"] == json::array({"x"}));
    REQUIRE_FALSE(read.fixes.empty());
    CHECK(read.fixes.front() == "/" + wrapper + ": the answer inside it taken out");
  }
  // Wrapped twice, and the answer as the wrapper's text.
  CHECK(notes(R"({"response": {"data": )" + object + "}}").value);
  CHECK(notes(R"({"result": )" + json(object).dump() + "}").value);
  // Structured output wrapped the same way.
  const auto tool = read_json_answer("", json{{"data", json::parse(object)}}, notes_schema(), {1800});
  REQUIRE(tool.value);
  CHECK((*tool.value)["names"] == json::array({"x"}));
  // A one-key answer that is the schema's own list, or its own text, is no wrapper.
  const auto points_only = notes(R"({"points": [{"t": 5, "text": "a"}]})");
  REQUIRE(points_only.value);
  CHECK((*points_only.value)["points"].size() == 1);
  const auto tldr_only = read_json_answer(R"({"tldr": "{\"intro\": \"x\"}"})", std::nullopt, summary_schema(), {600});
  CHECK_FALSE(tldr_only.value);
  CHECK_THAT(tldr_only.error, Catch::Contains("missing required property \"chapters\""));
}

TEST_CASE("keys in the output language are read as the schema's keys where only one can be meant") {
  const auto zh = notes(R"({"要点": [{"时间": 5, "文本": "一"}, {"时间": "1:05", "内容": "二"}],
                            "引语": [{"文本": "We ship it.", "时间": 70, "说话人": "Ann"}], "名称": ["Acme"]})");
  REQUIRE(zh.value);
  const json& v = *zh.value;
  CHECK(v["points"] == json::parse(R"([{"t": 5, "text": "一"}, {"t": 65, "text": "二"}])"));
  CHECK(v["quotes"] == json::parse(R"([{"text": "We ship it.", "t": 70, "speaker": "Ann"}])"));
  CHECK(v["names"] == json::array({"Acme"}));
  // The summary's keys in German, Japanese and another spelling; "时间" is a quote's timestamp here.
  const auto summary = read_json_answer(
      R"({"Einleitung": "", "Zusammenfassung": "x", "Kapitel": [{"Beginn": 0, "Ende": 600, "Titel": "a", "概要": ""}],
          "arguments": [{"title": "a", "content": "b", "keyConcepts": ["c"], "Practical Meaning": ""}],
          "企業": [], "引语": [{"文本": "q", "翻译": "", "说话人": "", "时间": 12}], "人物": [], "Video Type": "talk"})",
      std::nullopt, summary_schema(), {600});
  REQUIRE(summary.value);
  CHECK((*summary.value)["chapters"][0]["end"] == 600);
  CHECK((*summary.value)["chapters"][0]["title"] == "a");
  CHECK((*summary.value)["arguments"][0]["key_concepts"] == json::array({"c"}));
  CHECK((*summary.value)["quotes"][0]["timestamp"] == 12);
  CHECK((*summary.value)["video_type"] == "talk");
  // Two keys that could both be the start of a chapter: neither is guessed, the schema says what is missing.
  const auto twice = read_json_answer(
      R"({"tldr": "x", "chapters": [{"开始": 0, "Beginn": 5, "end": 600, "title": "a", "summary": ""}]})", std::nullopt,
      summary_schema(), {600});
  CHECK_FALSE(twice.value);
  CHECK_THAT(twice.error, Catch::Contains("/chapters/0: missing required property \"start\""));
}

TEST_CASE("an object whose keys are all foreign is read by the types of its values where they decide") {
  // Keys in a language the table does not know: the number can only be the time, the text only the text.
  const auto read = notes(R"({"points": [{"aika": 5, "teksti": "yksi"}], "quotes": [], "names": []})");
  REQUIRE(read.value);
  CHECK((*read.value)["points"][0] == json::parse(R"({"t": 5, "text": "yksi"})"));
  // Two strings for a quote's text and speaker: not guessed.
  const auto quote = notes(R"({"points": [], "quotes": [{"teksti": "q", "aika": 5, "puhuja": "A"}], "names": []})");
  CHECK_FALSE(quote.value);
  // A known key beside an unknown one: the unknown one is not taken for a missing property.
  const auto extra = notes(R"({"points": [{"t": 5, "confidence_note": "high"}], "quotes": [], "names": []})");
  CHECK_FALSE(extra.value);
  CHECK_THAT(extra.error, Catch::Contains("/points/0: missing required property \"text\""));
}
