// What the checks of the model's answers took out or changed: kept in the stored result, said in
// the footer in the document's language, and absent from results stored before it was kept.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "render/markdown.hpp"

using namespace ytm;
using namespace ytm::render;

TEST_CASE("the footer says what was cleaned from the model's answers and why, in the document's language",
          "[render]") {
  auto result = test::load_result("en.json");  // stored before the checks' counts were kept
  CHECK(result.passes.empty());
  CHECK_THAT(render_markdown(result, RenderOptions{}), !Catch::Contains("Cleaned from the model's answers"));

  result.passes = {{"a new check", 1, "what it does"}, {"repeated paragraphs", 2, "paragraphs the model wrote twice: kept once"}};
  const nlohmann::json stored = result;
  CHECK(stored["passes"][1] ==
        nlohmann::json{{"name", "repeated paragraphs"}, {"count", 2}, {"why", "paragraphs the model wrote twice: kept once"}});
  const auto read = stored.get<pipeline::VideoResult>();
  REQUIRE(read.passes.size() == 2);
  CHECK(read.passes[1].count == 2);

  CHECK_THAT(render_markdown(read, RenderOptions{"en"}),
             Catch::Contains("*Cleaned from the model's answers: a new check 1 (what it does); repeated paragraphs 2 "
                             "(paragraphs the model wrote twice: kept once)*"));
  // Chinese words where the labels have them, the check's own where they do not.
  CHECK_THAT(render_markdown(read, RenderOptions{"zh-CN"}),
             Catch::Contains("*清理：a new check 1 (what it does)；重复段落 2 段（模型写了两遍，保留一遍）*"));
}
