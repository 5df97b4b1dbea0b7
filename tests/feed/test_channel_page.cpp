#include "feed/channel_page.hpp"
#include "fixtures.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using ytm::feed::parse_channel_page;

namespace {
ytm::feed::ChannelPage page(const std::string& name) {
  auto p = parse_channel_page(ytm::test::feed_fixture("pages/" + name));
  INFO(name << ": " << (p ? "" : p.failure().message));
  REQUIRE(p.ok());
  return *p;
}
}  // namespace

TEST_CASE("a modern channel page gives its own id (not a featured video's) and the decoded title") {
  auto p = page("channel_handle.html");
  CHECK(p.channel_id == "UCq4tW5mV3Zb8sK1xN0pQ7rA");
  CHECK(p.title == "Tom & Jerry's \"Lab\" 实验室");
  CHECK_FALSE(p.from_video);
}

TEST_CASE("an older page: identifier meta (single quotes, attributes in any order) and <title>") {
  auto p = page("channel_old.html");
  CHECK(p.channel_id == "UCo1dStY1eCh4nneL_id0001");
  CHECK(p.title == "Linus Lab");
}

TEST_CASE("a page with only the embedded externalId and a title meta") {
  auto p = page("channel_json_only.html");
  CHECK(p.channel_id == "UCj50n0nLy_AAAAAAAAAAAAA");
  CHECK(p.title == "Café Çà & Là");
}

TEST_CASE("a watch page gives the uploader's channel, not a recommended video's") {
  auto p = page("watch.html");
  CHECK(p.from_video);
  CHECK(p.channel_id == "UCq4tW5mV3Zb8sK1xN0pQ7rA");
  CHECK(p.title == "Tom & Jerry's \"Lab\" 实验室");
}

TEST_CASE("a watch page with only the owner link") {
  auto p = page("watch_minimal.html");
  CHECK(p.from_video);
  CHECK(p.channel_id == "UCm1n1maLwAtchPag3_00001");
  CHECK(p.title == "Minimal 😀 Watch");
}

TEST_CASE("the cookie consent page is recognised and reported as such") {
  auto p = parse_channel_page(ytm::test::feed_fixture("pages/consent.html"));
  REQUIRE_FALSE(p.ok());
  CHECK(p.failure().code == ytm::FailureCode::consent_page);
  CHECK_THAT(p.failure().message, Contains("consent"));
  CHECK_THAT(p.failure().message, Contains("channel id"));
}

TEST_CASE("a page that names no channel is refused, and so is a malformed id") {
  auto p = parse_channel_page(ytm::test::feed_fixture("pages/not_a_channel.html"));
  REQUIRE_FALSE(p.ok());
  CHECK(p.failure().code == ytm::FailureCode::page_unrecognised);
  auto truncated = parse_channel_page("<link rel=\"canonical\" href=\"https://www.youtube.com/channel/UCq4tW5mV3Zb8s");
  CHECK_FALSE(truncated.ok());
  CHECK_FALSE(parse_channel_page("").ok());
}

TEST_CASE("a 2 MB page with the id at its end is read") {
  std::string html = "<html><head>";
  while (html.size() < (2u << 20)) html += "<meta name=\"x\" content=\"<link rel=&quot;y&quot;\"><div>\"externalId\" ";
  html += "<link rel=\"canonical\" href=\"https://www.youtube.com/channel/UCq4tW5mV3Zb8sK1xN0pQ7rA\"></head></html>";
  auto p = parse_channel_page(html);
  REQUIRE(p.ok());
  CHECK(p->channel_id == "UCq4tW5mV3Zb8sK1xN0pQ7rA");
}

TEST_CASE("every cut-off prefix of a page either names the channel or fails cleanly") {
  const std::pair<const char*, const char*> pages[] = {{"pages/watch.html", "UCq4tW5mV3Zb8sK1xN0pQ7rA"},
                                                       {"pages/channel_handle.html", "UCq4tW5mV3Zb8sK1xN0pQ7rA"},
                                                       {"pages/watch_minimal.html", "UCm1n1maLwAtchPag3_00001"}};
  for (auto [name, id] : pages) {
    auto html = ytm::test::feed_fixture(name);
    for (std::size_t n = 0; n <= html.size(); n += 7) {
      auto p = parse_channel_page(html.substr(0, n));
      if (p) {
        CHECK(p->channel_id == id);
      } else {
        CHECK((p.failure().code == ytm::FailureCode::page_unrecognised || p.failure().code == ytm::FailureCode::consent_page));
      }
    }
  }
}
