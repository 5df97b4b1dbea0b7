// Paragraph times as links, passages kept untranslated, and old stored results rendered anew.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "render/markdown.hpp"

using namespace ytm;
using namespace ytm::render;

namespace {

std::string translation_of(const std::string& markdown) { return markdown.substr(markdown.find("## 📝")); }

}  // namespace

TEST_CASE("every translated paragraph opens with its time as a link, also in a result stored before they did",
          "[render]") {
  // zh.json was stored before paragraph times existed (no "untranslated", no "coverage").
  const auto result = test::load_result("zh.json");
  REQUIRE(result.translation.size() >= 2);
  const std::string text = translation_of(render_markdown(result, RenderOptions{}));
  for (const auto& p : result.translation) {
    const std::string link = moment_link(result.video.id, p.start) + " ";
    INFO(link);
    CHECK(text.find("\n" + link) != std::string::npos);
  }
  const auto& second = result.translation[1];
  CHECK_THAT(text, Catch::Contains("&t=" + std::to_string(second.start) + "s)"));
  // output.paragraph_times: false
  RenderOptions off;
  off.paragraph_times = false;
  const std::string plain = translation_of(render_markdown(result, off));
  CHECK(plain.find("\n" + moment_link(result.video.id, second.start) + " ") == std::string::npos);
}

TEST_CASE("a passage kept as the original transcript stands under a note and is counted in the footer", "[render]") {
  auto result = test::load_result("en.json");
  REQUIRE(result.translation.size() >= 3);
  // The first two paragraphs, both in the first chapter.
  result.translation[0].untranslated = pipeline::Untranslated::refused;
  result.translation[1].untranslated = pipeline::Untranslated::refused;
  result.coverage.untranslated_passages = 1;
  result.coverage.untranslated_seconds = result.translation[1].end - result.translation[0].start;
  const std::string document = render_markdown(result, RenderOptions{});
  const std::string note = "> ⚠️ not translated: the model declined this passage; the original transcript follows";
  const auto at = document.find(note);
  REQUIRE(at != std::string::npos);
  CHECK(document.find(note, at + 1) == std::string::npos);  // one note for the passage
  CHECK(document.find(note) < document.find("\n" + moment_link(result.video.id, result.translation[0].start) + " "));
  CHECK_THAT(document, Catch::Contains("Not translated: 1 passages kept as the original transcript"));
  result.coverage = {};
  for (auto& p : result.translation) p.untranslated = pipeline::Untranslated::none;
  CHECK_THAT(render_markdown(result, RenderOptions{}), !Catch::Contains("not translated"));
}

// Results stored before the reason was an enum spell it as text: each reads and renders as it did,
// a reason this version does not know as "left out" (the renderer's word for any other reason),
// and the result is stored again in the same words.
TEST_CASE("untranslated passages of a result stored before render with the same notes", "[render]") {
  auto stored = nlohmann::json(test::load_result("en.json"));
  auto& paragraphs = stored["translation"];
  REQUIRE_FALSE(paragraphs.empty());
  const nlohmann::json first = paragraphs[0];
  paragraphs = nlohmann::json::array();
  for (int i = 0; i < 6; ++i) {  // as stored: start, end, speaker, text, untranslated
    nlohmann::json p = first;
    p["start"] = i * 10;
    p["end"] = i * 10 + 10;
    p["text"] = "Passage " + std::to_string(i) + ".";
    paragraphs.push_back(p);
  }
  const std::vector<std::pair<std::string, std::string>> reasons{
      {"refused", "the model declined this passage"},
      {"incomplete", "the model left this passage out, also when asked for it alone"},
      {"cut_off", "the model's answer stopped here"},
      {"a_later_reason", "the model left this passage out, also when asked for it alone"},
      {"wrong_language", "the model left this passage in its original language, also when asked again"},
  };
  for (std::size_t i = 0; i < reasons.size(); ++i) paragraphs[i]["untranslated"] = reasons[i].first;
  paragraphs[reasons.size()]["untranslated"] = "";
  const auto result = stored.get<pipeline::VideoResult>();
  const std::string document = render_markdown(result, RenderOptions{});
  std::size_t at = 0;
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    INFO(reasons[i].first);
    const std::string note = "> ⚠️ not translated: " + reasons[i].second + "; the original transcript follows\n\n" +
                             moment_link(result.video.id, result.translation[i].start) + " ";
    const auto found = document.find(note, at);
    REQUIRE(found != std::string::npos);
    at = found + 1;
  }
  CHECK(result.translation[reasons.size()].translated());
  const nlohmann::json again = result;
  CHECK(again["translation"][0]["untranslated"] == "refused");
  CHECK(again["translation"][1]["untranslated"] == "incomplete");
  CHECK(again["translation"][2]["untranslated"] == "cut_off");
  CHECK(again["translation"][3]["untranslated"] == "incomplete");
  CHECK(again["translation"][4]["untranslated"] == "wrong_language");
  CHECK(again["translation"][5]["untranslated"] == "");
}
