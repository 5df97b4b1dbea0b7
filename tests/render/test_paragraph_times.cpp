// Paragraph times as links, passages kept untranslated, and old stored results rendered anew.
#include <catch2/catch.hpp>

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
  result.translation[0].untranslated = "refused";
  result.translation[1].untranslated = "refused";
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
  for (auto& p : result.translation) p.untranslated.clear();
  CHECK_THAT(render_markdown(result, RenderOptions{}), !Catch::Contains("not translated"));
}
