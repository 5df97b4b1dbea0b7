// The document as strict CommonMark readers show it (GitHub, pandoc): rendered by Debian's
// cmark-gfm with GitHub's table extension, and the HTML checked for what a reader would see.
#include <catch2/catch.hpp>

#include <regex>

#include "render/fixtures.hpp"
#include "render/index.hpp"
#include "render/labels.hpp"
#include "render/markdown.hpp"
#include "support/run.hpp"

using namespace ytm;
using namespace ytm::render;

namespace {

std::string to_html(const std::string& markdown) {
  test::TempDir dir;
  dir.write("doc.md", markdown);
  auto r = test::run({"cmark-gfm", "--extension", "table", (dir / "doc.md").string()});
  REQUIRE(r.exit_code == 0);
  return r.out;
}

std::string document(const pipeline::VideoResult& result) {
  RenderOptions options;
  options.language = "en";
  return to_html(render_markdown(result, options));
}

bool has(const std::string& html, const std::string& part) { return html.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a quote shows its text and, as a paragraph of its own, its speaker and linked moment", "[render]") {
  auto result = test::load_result("en.json");
  REQUIRE(result.summary.quotes.size() == 1);
  auto html = document(result);
  CHECK(has(html,
            "<blockquote>\n<p>&quot;Everything that moves will be robotic.&quot;</p>\n<p>— Jensen Huang · <a "
            "href=\"https://www.youtube.com/watch?v=k-xtmISBCNE&amp;t=3190s\">53:10</a></p>\n</blockquote>"));

  result.summary.quotes[0].speaker.clear();
  result.summary.quotes[0].translation = "Alles, was sich bewegt, wird robotisch sein.";
  html = document(result);
  CHECK(has(html,
            "<p>Alles, was sich bewegt, wird robotisch sein.</p>\n<p>— <a "
            "href=\"https://www.youtube.com/watch?v=k-xtmISBCNE&amp;t=3190s\">53:10</a></p>"));
  CHECK_FALSE(has(html, "—  ·"));
  CHECK_FALSE(has(html, "— ·"));
}

TEST_CASE("titles and names with Markdown characters read as written, in the document and in index.md", "[render]") {
  auto result = test::load_result("en.json");
  result.video.title = "Why *stars* and __dunders__ and snake_case_names [not links] `not code` # not a heading";
  result.summary.companies.at(0).name = "*Bold* Corp_";
  auto html = document(result);
  CHECK(has(html,
            "<h1>Why *stars* and __dunders__ and snake_case_names [not links] `not code` # not a "
            "heading</h1>"));
  CHECK(has(html, "<td>*Bold* Corp_</td>"));

  const std::vector<IndexEntry> entries{
      {result.video.title, "Chan_nel *one*", 1767830400, "Channel/2026-01-08 title.md"}};
  auto index = to_html(render_index(entries, labels_for("en")));
  CHECK(has(index,
            "<li>2026-01-08 · Chan_nel *one* · <a href=\"Channel/2026-01-08%20title.md\">Why *stars* and "
            "__dunders__ and snake_case_names [not links] `not code` # not a heading</a></li>"));
  CHECK_FALSE(has(index, "<em>"));
}

TEST_CASE("every table is a table, and every time is a link to that moment of the video", "[render]") {
  auto result = test::load_result("zh.json");
  RenderOptions options;
  auto markdown = render_markdown(result, options);
  auto html = to_html(markdown);
  const std::regex table_start("<table>");
  const auto tables =
      std::distance(std::sregex_iterator(html.begin(), html.end(), table_start), std::sregex_iterator());
  const std::regex delimiter_row("\n\\|-");
  const auto in_markdown =
      std::distance(std::sregex_iterator(markdown.begin(), markdown.end(), delimiter_row), std::sregex_iterator());
  CHECK(in_markdown == 2);  // the chapters and the companies
  CHECK(tables == 2);
  CHECK_FALSE(has(html, "<p>|"));  // no table fell apart into a paragraph of pipes
  // Every [m:ss](…) of the Markdown became a link, and no stamp is left as plain text.
  const std::regex stamp_link(
      R"(<a href="https://www\.youtube\.com/watch\?v=k-xtmISBCNE&amp;t=(\d+)s">(\d+:)?\d+:\d\d</a>)");
  const std::regex stamp_text(R"(\[(\d+:)?\d+:\d\d\]\()");
  const auto links = std::distance(std::sregex_iterator(html.begin(), html.end(), stamp_link), std::sregex_iterator());
  const auto stamps =
      std::distance(std::sregex_iterator(markdown.begin(), markdown.end(), stamp_text), std::sregex_iterator());
  CHECK(stamps == 18);
  CHECK(links == 18);
  CHECK_FALSE(has(html, "](https://www.youtube.com"));
}
