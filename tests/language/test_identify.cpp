// CLD2 as lib/language wraps it, on real speech: English captions, YouTube's Chinese translation of
// a video, and Chinese with English names and terms in it.
#include <catch2/catch.hpp>

#include "language/identify.hpp"
#include "support/real_text.hpp"

using namespace ytm;

TEST_CASE("real English speech is English, every paragraph of it") {
  const auto paragraphs = test::real_paragraphs("cyndi5-computerphile-manual-en-2023.json3", 4);
  REQUIRE(paragraphs.size() > 20);
  int english = 0;
  for (const std::string& p : paragraphs) {
    INFO(p);
    const auto found = language::identify(p);
    english += found.top() == "en" ? 1 : 0;
    CHECK(found.percent_of("zh-CN") == 0);
  }
  CHECK(english == static_cast<int>(paragraphs.size()));
}

TEST_CASE("YouTube's Chinese translation of a talk is Chinese, whatever the tag's region") {
  const auto paragraphs = test::real_slices("1c7-crashcourse-ling4-auto-tlang-zh-Hans-2020.json3", 300);
  REQUIRE(paragraphs.size() > 20);
  for (const std::string& p : paragraphs) {
    INFO(p);
    const auto found = language::identify(p);
    CHECK(found.top() == "zh");
    CHECK(found.percent_of("zh-CN") == found.percent_of("zh-TW"));
    CHECK(found.percent_of("zh-CN") >= 90);
  }
}

TEST_CASE("Chinese with English names and terms in it is Chinese") {
  const auto found = language::identify("我们用 Kubernetes 部署了 GPT-4 模型，这比在 AWS 上自己搭建集群便宜得多。");
  CHECK(found.top() == "zh");
  CHECK(found.percent_of("en") == 0);
}

TEST_CASE("language tags are compared by their base, and named for a reader") {
  CHECK(language::base_language("zh-CN") == "zh");
  CHECK(language::base_language("pt_BR") == "pt");
  CHECK(language::base_language("EN") == "en");
  CHECK(language::language_name("en") == "English");
  CHECK(language::language_name("ja-JP") == "Japanese");
  CHECK(language::language_name("zh-TW") == "Chinese");
  CHECK(language::language_name("xx") == "xx");
}

TEST_CASE("text too short to tell has too few letters for a verdict") {
  CHECK(language::identify("GPT-4").letters < 24);
  CHECK(language::identify("").shares.empty());
}
