#include <catch2/catch.hpp>

#include "pipeline/prompts.hpp"
#include "pipeline/schema.hpp"
#include "pipeline/summary.hpp"
#include "support/temp_dir.hpp"

using namespace ytm::pipeline;
using nlohmann::json;

namespace {

json valid_summary() {
  return json::parse(R"({
    "intro": "访谈", "tldr": "要点。", "video_type": "访谈对话",
    "chapters": [{"start": 0, "end": 600, "title": "开场", "summary": "一句话"}],
    "arguments": [{"title": "论点", "content": "内容", "key_concepts": ["a"], "practical_meaning": "意义"}],
    "companies": [{"name": "NVIDIA", "context": "主角", "importance": 3}],
    "quotes": [{"text": "Everything that moves will be robotic.", "translation": "一切会动的都将机器人化。",
                "speaker": "Jensen Huang", "timestamp": 600}],
    "people": [{"name": "Jensen Huang", "identity": "CEO", "background": "", "views": ""}]
  })");
}

}  // namespace

TEST_CASE("the shipped summary schema accepts a complete summary") {
  const Prompts prompts = load_prompts({});
  CHECK(validate_json(valid_summary(), prompts.summary_schema).empty());
  const Summary s = summary_from_json(valid_summary());
  CHECK(s.chapters.at(0).end == 600);
  CHECK(s.companies.at(0).importance == 3);
  CHECK(s.quotes.at(0).timestamp == 600);
}

TEST_CASE("schema errors name where and why") {
  const Prompts prompts = load_prompts({});
  json bad = valid_summary();
  bad["chapters"][0]["start"] = "0:00";
  bad["companies"][0]["importance"] = 5;
  bad.erase("tldr");
  bad["extra"] = true;
  const auto errors = validate_json(bad, prompts.summary_schema);
  REQUIRE(errors.size() == 4);
  CHECK_THAT(errors[0], Catch::Contains("/: missing required property \"tldr\""));
  const std::string all = errors[0] + errors[1] + errors[2] + errors[3];
  CHECK_THAT(all, Catch::Contains("/chapters/0/start: expected number, got string"));
  CHECK_THAT(all, Catch::Contains("/companies/0/importance: must be at most 3, got 5"));
  CHECK_THAT(all, Catch::Contains("unexpected property \"extra\""));
}

TEST_CASE("JSON is found in fences or prose around it, and invalid answers explain themselves") {
  const Prompts prompts = load_prompts({});
  const std::string object = valid_summary().dump();
  CHECK(read_json_answer(object, std::nullopt, prompts.summary_schema).value);
  CHECK(read_json_answer("```json\n" + object + "\n```", std::nullopt, prompts.summary_schema).value);
  CHECK(read_json_answer("Here is the summary: " + object + " Hope it helps {x}", std::nullopt, prompts.summary_schema)
            .value);
  const auto prose = read_json_answer("I cannot summarise this video.", std::nullopt, prompts.summary_schema);
  CHECK_FALSE(prose.value);
  CHECK(prose.error == "the answer is not a JSON object");
  const auto cut = read_json_answer(object.substr(0, object.size() / 2), std::nullopt, prompts.summary_schema);
  CHECK_FALSE(cut.value);
  json missing = valid_summary();
  missing.erase("chapters");
  const auto invalid = read_json_answer(missing.dump(), std::nullopt, prompts.summary_schema);
  CHECK_THAT(invalid.error, Catch::Contains("missing required property \"chapters\""));
  // Structured output from the backend wins over the text.
  CHECK(read_json_answer("not json", valid_summary(), prompts.summary_schema).value);
}

TEST_CASE("prompts carry the protocol markers and a user's file overrides the built-in one") {
  const Prompts built_in = load_prompts({});
  CHECK_THAT(built_in.text("translate.md"), Catch::Contains("TASK: translate"));
  CHECK_THAT(built_in.text("notes.md"), Catch::Contains("TASK: notes"));
  CHECK_THAT(built_in.text("summary.md"), Catch::Contains("DURATION: {{DURATION}}"));
  CHECK_THAT(built_in.text("repair.md"), Catch::Contains("TASK: repair"));
  ytm::test::TempDir dir;
  dir.write("translate.md",
            "TASK: translate\nLANGUAGE: {{LANGUAGE}}\nBe terse.\n<transcript>\n{{TRANSCRIPT}}</transcript>\n");
  const Prompts custom = load_prompts(dir.path());
  CHECK_THAT(custom.text("translate.md"), Catch::Contains("Be terse."));
  CHECK(custom.origin.at("translate.md") == (dir / "translate.md").string());
  CHECK(custom.version(Task::translate) != built_in.version(Task::translate));
  CHECK(custom.version(Task::summary) == built_in.version(Task::summary));
  dir.write("summary.schema.json", "{ not json");
  CHECK_THROWS_WITH(load_prompts(dir.path()),
                    Catch::Contains("summary.schema.json") && Catch::Contains("not valid JSON"));
}

TEST_CASE("templates fill named fields and leave unknown ones") {
  CHECK(fill("a {{X}} b {{Y}} {{X}}", {{"X", "1"}}) == "a 1 b {{Y}} 1");
  CHECK(fill("{{unterminated", {}) == "{{unterminated");
}
