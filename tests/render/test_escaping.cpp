// Text from YouTube or the model stays text: it cannot open headings, lists, quotes, tables,
// HTML, code, links or a second front matter.
#include <catch2/catch.hpp>

#include <sstream>

#include "render/fixtures.hpp"
#include "render/markdown.hpp"
#include "render/escape.hpp"

using namespace ytm;
using namespace ytm::render;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

const std::string hostile =
    "# Heading\n> quote\n- item\n+ plus\n* star\n1. one\n2) two\n---\n===\n```code\n"
    "    indented\n<script>alert(1)</script> | pipe | [link](javascript:x) [[wiki]] `tick` $x$ &amp;";

}  // namespace

TEST_CASE("inline text escapes what would become markup", "[render]") {
  CHECK(inline_text("a|b") == "a\\|b");
  CHECK(inline_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(inline_text("`rm -rf`") == "\\`rm -rf\\`");
  CHECK(inline_text("[click](http://x)") == "\\[click\\](http://x)");
  CHECK(inline_text("# not a heading") == "\\# not a heading");
  CHECK(inline_text("- not a list") == "\\- not a list");
  CHECK(inline_text("1. not a list") == "1\\. not a list");
  CHECK(inline_text("line\nbreak\r\nand\ttab") == "line break and tab");
  CHECK(inline_text("AT&T &amp; co") == "AT&T &amp;amp; co");
  CHECK(inline_text("C:\\path") == "C:\\\\path");
  CHECK(inline_text("$5 or $6") == "\\$5 or \\$6");
  CHECK(inline_text("  padded  ") == "padded");
  CHECK(inline_text("emoji 🚀 and 中文") == "emoji 🚀 and 中文");
  CHECK(inline_text("bad \xFF byte") == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("block text keeps paragraphs but no line can open a block", "[render]") {
  auto block = block_text(hostile + "\n\n\n\nnext paragraph");
  for (const auto& line : lines_of(block)) {
    INFO(line);
    if (line.empty()) continue;
    CHECK(std::string("#>-+*=`~ ").find(line[0]) == std::string::npos);
    CHECK(line.find("<") == std::string::npos);
    CHECK_FALSE((std::isdigit(static_cast<unsigned char>(line[0])) && (line[1] == '.' || line[1] == ')')));
  }
  CHECK(block.find("\n\nnext paragraph") != std::string::npos);
  CHECK(block.find("\n\n\n") == std::string::npos);
}

TEST_CASE("a hostile result renders with exactly our own structure", "[render]") {
  auto result = test::load_result("zh.json");
  auto clean = render_markdown(result, RenderOptions{"", false});  // the YAML is checked on its own
  result.video.title = hostile;
  result.video.channel = hostile;
  result.summary.intro = hostile;
  result.summary.tldr = hostile;
  for (auto& c : result.summary.chapters) c.title = c.summary = hostile;
  for (auto& a : result.summary.arguments) a.title = a.content = a.practical_meaning = hostile;
  for (auto& c : result.summary.companies) c.name = c.context = hostile;
  for (auto& q : result.summary.quotes) q.text = q.translation = q.speaker = hostile;
  for (auto& p : result.summary.people) p.name = p.identity = p.background = p.views = hostile;
  result.summary.video_type = hostile;
  result.model = hostile;
  for (auto& p : result.translation) p.text = p.speaker = hostile;
  auto dirty = render_markdown(result, RenderOptions{"", false});

  auto structure = [](const std::string& doc) {
    std::vector<std::string> out;
    for (const auto& line : lines_of(doc)) {
      if (line == "---" || line.rfind("#", 0) == 0) out.push_back(line.substr(0, line.find(' ') + 1));
      if (line.rfind("|", 0) == 0) {
        std::size_t cells = 0;
        for (std::size_t i = 0; i < line.size(); ++i) cells += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
        out.push_back("table row with " + std::to_string(cells) + " bars");
      }
    }
    return out;
  };
  CHECK(structure(dirty) == structure(clean));
  CHECK(dirty.find("<script") == std::string::npos);
  CHECK(dirty.find("[link](") == std::string::npos);
  CHECK(dirty.find("\\[link\\](javascript:x)") != std::string::npos);
  CHECK(dirty.find("[[wiki]]") == std::string::npos);
  CHECK(dirty.find("\n```") == std::string::npos);
  CHECK(dirty.find("\n    indented") == std::string::npos);
}

TEST_CASE("YAML strings escape quotes, backslashes, controls and YAML line breaks", "[render]") {
  CHECK(yaml_string("a \"b\" \\c") == "\"a \\\"b\\\" \\\\c\"");
  CHECK(yaml_string("x\ny\tz\x01") == "\"x\\ny\\tz\\x01\"");
  CHECK(yaml_string("\xE2\x80\xA8") == "\"\\L\"");
  CHECK(yaml_string("中文 🚀") == "\"中文 🚀\"");
}

TEST_CASE("link targets are percent-encoded but keep their folders", "[render]") {
  CHECK(url_encode_path("No Priors/2026-01-08 Title (x).md") == "No%20Priors/2026-01-08%20Title%20%28x%29.md");
  CHECK(url_encode_path("中/a.md") == "%E4%B8%AD/a.md");
}
