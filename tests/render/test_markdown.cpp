// The document layout: goldens, the reference's structure, timestamps, chapter placement, front matter.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "render/fixtures.hpp"
#include "render/markdown.hpp"

using namespace ytm;
using namespace ytm::render;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> starting_with(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& l : lines_of(text)) {
    if (l.rfind(prefix, 0) == 0) out.push_back(l);
  }
  return out;
}

// The header rows of every table: the line before each |---| delimiter row.
std::vector<std::string> table_headers(const std::string& text) {
  auto lines = lines_of(text);
  std::vector<std::string> out;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].rfind("|--", 0) == 0) out.push_back(lines[i - 1]);
  }
  return out;
}

std::string body_of(const std::string& markdown) {
  if (markdown.rfind("---\n", 0) != 0) return markdown;
  return markdown.substr(markdown.find("\n---\n", 4) + 5);
}

// Set YTM_UPDATE_GOLDENS=1 to rewrite the golden files from the current renderer (then review
// the diff with git before committing).
void check_golden(const std::string& fixture, const std::string& golden) {
  auto rendered = render_markdown(test::load_result(fixture), RenderOptions{});
  auto path = test::render_fixture_path(golden);
  if (const char* update = std::getenv("YTM_UPDATE_GOLDENS"); update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << rendered;
  }
  auto expected = test::read_file(path);
  REQUIRE_FALSE(expected.empty());
  CHECK(rendered == expected);
}

}  // namespace

TEST_CASE("the Chinese document matches its golden file byte for byte", "[render]") {
  check_golden("zh.json", "zh.md");
}

TEST_CASE("the English document matches its golden file byte for byte", "[render]") {
  check_golden("en.json", "en.md");
}

TEST_CASE("the document has the reference's sections in its order and its table columns", "[render]") {
  auto reference = test::read_file(test::render_fixture_path("reference-example.md"));
  REQUIRE_FALSE(reference.empty());
  auto rendered = render_markdown(test::load_result("zh.json"), RenderOptions{});
  CHECK(starting_with(rendered, "## ") == starting_with(reference, "## "));
  CHECK(table_headers(rendered) == table_headers(reference));
  CHECK(starting_with(rendered, "# ") == starting_with(reference, "# "));
  // The reference repeats time headings ("### (15:00 - 30:00) Part 2") over the chapters; we do not.
  CHECK(starting_with(rendered, "### (").size() == 3);
  CHECK(rendered.find("Part 2") == std::string::npos);
}

TEST_CASE("English headings come from the English labels, unknown languages fall back to English", "[render]") {
  auto result = test::load_result("en.json");
  auto en = render_markdown(result, RenderOptions{});
  CHECK(en.find("## 📑 Chapters") != std::string::npos);
  CHECK(en.find("章节") == std::string::npos);
  auto klingon = render_markdown(result, RenderOptions{"tlh", true});
  CHECK(starting_with(klingon, "## ") == starting_with(en, "## "));
  auto zh_tw = render_markdown(result, RenderOptions{"zh-TW", true});
  CHECK(zh_tw.find("## 📑 章节导航表") != std::string::npos);
}

TEST_CASE("every timestamp links to its moment of the video", "[render]") {
  auto rendered = render_markdown(test::load_result("zh.json"), RenderOptions{});
  CHECK(rendered.find("[8:18](https://www.youtube.com/watch?v=k-xtmISBCNE&t=498s)") != std::string::npos);
  CHECK(rendered.find("[53:10](https://www.youtube.com/watch?v=k-xtmISBCNE&t=3190s)") != std::string::npos);
  std::regex clock(R"((^|[^\[\w:])\d{1,2}:\d\d(:\d\d)?[^\]\d:])");
  for (const auto& line : lines_of(body_of(rendered))) {
    if (line.find("**时长**") != std::string::npos || line.find("*生成时间") == 0) continue;
    INFO(line);
    CHECK_FALSE(std::regex_search(line, clock));
  }
}

TEST_CASE("translation paragraphs sit in time order under the chapter containing their start", "[render]") {
  auto rendered = render_markdown(test::load_result("zh.json"), RenderOptions{});
  auto chapter1 = rendered.find("### ([0:00]");
  auto chapter2 = rendered.find("### ([8:18]");
  auto chapter3 = rendered.find("### ([15:24]");
  REQUIRE(chapter1 < chapter2);
  REQUIRE(chapter2 < chapter3);
  auto jobs = rendered.find("我们可以先从就业开始讨论");  // starts at 500 s, stored after the 930 s one
  auto bubble = rendered.find("我们是否处在 AI 泡沫中");
  CHECK((jobs > chapter2 && jobs < chapter3));
  CHECK(bubble > chapter3);
  CHECK(rendered.find("**Jensen Huang**：让我想想") != std::string::npos);
  CHECK(rendered.find("> "
                      "推理模型、grounding技术突破，token生成实现盈利\n\n[0:00](https://www.youtube.com/"
                      "watch?v=k-xtmISBCNE&t=0s) Jensen，") != std::string::npos);
}

TEST_CASE("the footer gives time, model, grounding counts and usage", "[render]") {
  auto rendered = render_markdown(test::load_result("zh.json"), RenderOptions{});
  CHECK(rendered.find("*生成时间: 2026-01-09 02:01:08 UTC*") != std::string::npos);
  CHECK(rendered.find("*模型: claude-sonnet-4-5*") != std::string::npos);
  CHECK(rendered.find("金句保留 1 条、删除 2 条；章节修正 1 处；存疑名称 1 个") != std::string::npos);
  CHECK(rendered.find("输入 182345 tokens，输出 64321 tokens，9 次调用，约 $1.51") != std::string::npos);
}

TEST_CASE("what the document cost is in the front matter and the footer, batches with their list price", "[render]") {
  auto result = test::load_result("en.json");
  result.usage = {27'000, 25'000, 0.228, 5, 0.456, 5};  // a talk's five calls, all in a batch at half price
  auto fm = YAML::Load(front_matter(result, "en").substr(4));
  CHECK(fm["tokens_in"].as<long>() == 27000);
  CHECK(fm["tokens_out"].as<long>() == 25000);
  CHECK(fm["cost_usd"].as<double>() == Approx(0.228));
  CHECK(fm["list_cost_usd"].as<double>() == Approx(0.456));
  auto doc = render_markdown(result, RenderOptions{});
  CHECK(doc.find("27000 input tokens, 25000 output tokens, 5 calls, about $0.23 (list price $0.46; 5 calls in "
                 "batches at half price)") != std::string::npos);
  result.usage = {27'000, 25'000, 0.456, 5, 0.456, 0};  // interactive: paid the list price
  CHECK(render_markdown(result, RenderOptions{}).find("5 calls, about $0.46*") != std::string::npos);
}

TEST_CASE("companies are ordered by importance with stars, and an ungrounded name is marked", "[render]") {
  auto rendered = render_markdown(test::load_result("zh.json"), RenderOptions{});
  auto nvidia = rendered.find("| NVIDIA | 核心主角：加速计算先驱 | ⭐⭐⭐ |");
  auto tesla = rendered.find("| Tesla | 自动驾驶安全第二名、Optimus机器人 | ⭐⭐ |");
  CHECK(nvidia < tesla);
  CHECK(rendered.find("| Figur † | 人形机器人代表 | ⭐ |") != std::string::npos);
  CHECK(rendered.find("† 字幕中未出现这个名称") != std::string::npos);
}

TEST_CASE("front matter is valid YAML with Web Clipper's keys and ours, whatever the title holds", "[render]") {
  auto result = test::load_result("en.json");
  result.video.title =
      "---\n\"quoted\" 'single' \\back\\ : colon # hash\ttab {a: [b]} & *star ! % @ `tick` \x01 ctrl "
      "\xC2\x85nel \xE2\x80\xA8ls \xEF\xBB\xBF bom 🚀 中文 \xFF bad byte\n---";
  result.video.tags = {"machine learning", "#ai", "a,b"};
  auto fm = front_matter(result, "en");
  REQUIRE(fm.rfind("---\n", 0) == 0);
  REQUIRE(fm.size() > 8);
  CHECK(fm.substr(fm.size() - 4) == "---\n");
  auto yaml = YAML::Load(fm.substr(4, fm.size() - 8));
  auto title = yaml["title"].as<std::string>();
  CHECK(title.find("\"quoted\" 'single' \\back\\ : colon # hash\ttab {a: [b]}") != std::string::npos);
  CHECK(title.find("🚀 中文") != std::string::npos);
  CHECK(title.rfind("---\n", 0) == 0);
  // Obsidian Web Clipper's keys for a YouTube page, in its order.
  std::vector<std::string> keys;
  for (const auto& kv : yaml) keys.push_back(kv.first.as<std::string>());
  CHECK(std::vector<std::string>(keys.begin(), keys.begin() + 8) ==
        std::vector<std::string>{"title", "source", "author", "published", "created", "description", "image", "tags"});
  CHECK(yaml["image"].as<std::string>() == "https://i.ytimg.com/vi/k-xtmISBCNE/hqdefault.jpg");
  CHECK(yaml["source"].as<std::string>() == "https://www.youtube.com/watch?v=k-xtmISBCNE");
  CHECK(yaml["author"].as<std::vector<std::string>>() ==
        std::vector<std::string>{"[[No Priors AI, Machine Learning, Tech, & Startups]]"});
  CHECK(yaml["published"].as<std::string>() == "2026-01-08");
  CHECK(fm.find("\npublished: 2026-01-08\n") != std::string::npos);  // unquoted: a date to Obsidian
  CHECK(yaml["created"].as<std::string>() == "2026-01-09");
  CHECK(yaml["description"].as<std::string>() == result.summary.tldr);
  CHECK(yaml["channel_id"].as<std::string>() == "UCSI7h9hydQ40K5MJHnCrQvw");
  CHECK(yaml["video_id"].as<std::string>() == "k-xtmISBCNE");
  CHECK(yaml["duration"].as<std::string>() == "1:16:20");
  CHECK(yaml["language"].as<std::string>() == "en");
  CHECK(yaml["model"].as<std::string>() == "claude-sonnet-4-5");
  CHECK(yaml["generated"].as<std::string>() == "2026-01-09T02:01:08Z");
  CHECK(yaml["tags"].as<std::vector<std::string>>() == std::vector<std::string>{"machine-learning", "ai", "ab"});
  // The document's own delimiters are the only lines that are exactly "---" before the title.
  auto doc = render_markdown(result, RenderOptions{});
  CHECK(doc.find("\n---\n") == fm.size() - 5);
}

TEST_CASE("a channel name that cannot be a note name still makes a valid link in the front matter", "[render]") {
  auto result = test::load_result("en.json");
  result.video.channel = "A | B [[C]] #d ^e: \"f\"";
  auto fm = front_matter(result, "en");
  auto yaml = YAML::Load(fm.substr(4, fm.size() - 8));
  CHECK(yaml["author"][0].as<std::string>() == "[[A B C d e f]]");
  result.video.published = 0;
  CHECK(front_matter(result, "en").find("published") == std::string::npos);
}

TEST_CASE("with output.wikilinks people and companies become links to their notes", "[render]") {
  auto result = test::load_result("zh.json");
  auto plain = render_markdown(result, RenderOptions{});
  CHECK(body_of(plain).find("[[") == std::string::npos);  // only the front matter links the channel
  auto linked = render_markdown(result, RenderOptions{.front_matter = true, .wikilinks = true});
  CHECK(linked.find("| [[NVIDIA]] | 核心主角：加速计算先驱 | ⭐⭐⭐ |") != std::string::npos);
  CHECK(linked.find("| [[Figur]] † |") != std::string::npos);
  CHECK(linked.find("### [[Jensen Huang（黄仁勋）]]") != std::string::npos);
  CHECK(linked.find("### [[Sarah Guo]]") != std::string::npos);
  result.summary.companies[0].name = "Evil | Corp [x]";
  auto evil = render_markdown(result, RenderOptions{.front_matter = true, .wikilinks = true});
  CHECK(evil.find("| [[Evil Corp x]] |") != std::string::npos);  // no stray cell or bracket
}

TEST_CASE("front matter can be turned off", "[render]") {
  auto doc = render_markdown(test::load_result("en.json"), RenderOptions{"", false});
  CHECK(doc.rfind("# NVIDIA", 0) == 0);
}
