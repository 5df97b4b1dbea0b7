#include "feed/atom.hpp"
#include "fixtures.hpp"

#include <catch2/catch.hpp>

#include <random>

using Catch::Matchers::Contains;
using ytm::feed::parse_feed;
using ytm::test::feed_fixture;

namespace {
void check_invalid(const ytm::Outcome<ytm::feed::Feed>& feed, const std::string& why) {
  REQUIRE_FALSE(feed.ok());
  CHECK(feed.failure().code == ytm::FailureCode::feed_invalid);
  CHECK(feed.failure().kind == ytm::FailureKind::transient);
  CHECK_THAT(feed.failure().message, Contains("UCq4tW5mV3Zb8sK1xN0pQ7rA"));
  CHECK_THAT(feed.failure().message, Contains(why));
}
}  // namespace

TEST_CASE("a truncated feed is a Failure naming the line and byte where it broke") {
  auto xml = feed_fixture("quirks.xml");
  auto cut = xml.substr(0, xml.size() / 2);
  auto feed = parse_feed(cut, "UCq4tW5mV3Zb8sK1xN0pQ7rA");
  check_invalid(feed, "is not valid XML: line ");
  CHECK_THAT(feed.failure().message, Contains("of " + std::to_string(cut.size()) + ")"));
}

TEST_CASE("mismatched tags are reported at their line and column") {
  std::string xml =
      "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n <title>x</titel>\n</feed>\n";
  auto feed = parse_feed(xml, "UCq4tW5mV3Zb8sK1xN0pQ7rA");
  check_invalid(feed, "line 3, column");
  CHECK_THAT(feed.failure().message, Contains("mismatch"));
}

TEST_CASE("an HTML error page instead of the feed is a Failure that says so") {
  check_invalid(parse_feed(feed_fixture("error_page.html"), "UCq4tW5mV3Zb8sK1xN0pQ7rA"), "HTML page");
}

TEST_CASE("well-formed XML that is not an Atom feed names its root element") {
  check_invalid(parse_feed("<body><p>hi</p></body>", "UCq4tW5mV3Zb8sK1xN0pQ7rA"), "root element is <body>");
  check_invalid(parse_feed("<rss version=\"2.0\"><channel/></rss>", "UCq4tW5mV3Zb8sK1xN0pQ7rA"), "<rss>");
}

TEST_CASE("an empty body is a Failure") {
  check_invalid(parse_feed("", "UCq4tW5mV3Zb8sK1xN0pQ7rA"), "is empty");
  check_invalid(parse_feed(" \n\t", "UCq4tW5mV3Zb8sK1xN0pQ7rA"), "is empty");
}

TEST_CASE("5 MB of random bytes is a Failure, not a crash") {
  std::mt19937 rng(7);
  std::string garbage(5u << 20, '\0');
  for (auto& c : garbage) c = static_cast<char>(rng());
  check_invalid(parse_feed(garbage, "UCq4tW5mV3Zb8sK1xN0pQ7rA"), "is not valid XML");
  garbage[0] = '<';
  check_invalid(parse_feed(garbage, "UCq4tW5mV3Zb8sK1xN0pQ7rA"), "is not valid XML");
}

TEST_CASE("every prefix of a real feed either parses or fails cleanly") {
  auto xml = feed_fixture("quirks.xml");
  std::size_t failures = 0;
  for (std::size_t n = 0; n < xml.size(); n += 97) {
    auto feed = parse_feed(xml.substr(0, n), "UCq4tW5mV3Zb8sK1xN0pQ7rA");
    if (!feed) {
      ++failures;
      CHECK(feed.failure().code == ytm::FailureCode::feed_invalid);
    }
  }
  CHECK(failures == (xml.size() + 96) / 97);
}

TEST_CASE("a feed with bytes flipped at random either parses or fails cleanly") {
  auto xml = feed_fixture("quirks.xml");
  std::mt19937 rng(11);
  for (int round = 0; round < 300; ++round) {
    auto damaged = xml;
    for (int k = 0; k < 4; ++k) damaged[rng() % damaged.size()] = static_cast<char>(rng());
    auto feed = parse_feed(damaged, "UCq4tW5mV3Zb8sK1xN0pQ7rA");
    if (feed) {
      for (const auto& e : feed->entries) CHECK_FALSE(e.video_id.empty());
    } else {
      CHECK(feed.failure().code == ytm::FailureCode::feed_invalid);
    }
  }
}

TEST_CASE("a feed with bytes that are not UTF-8 or a lone surrogate reference reads, its titles repaired") {
  auto xml = feed_fixture("quirks.xml");
  const std::string good = "PREMIERE: The &lt;Big&gt; Reveal";
  auto at = xml.find(good);
  REQUIRE(at != std::string::npos);
  xml.replace(at, good.size(), "Caf\xE9 \xFF &#xD800;Reveal");
  auto feed = parse_feed(xml, "UCq4tW5mV3Zb8sK1xN0pQ7rA");
  REQUIRE(feed.ok());
  CHECK(feed->entries[0].title.starts_with("Caf\xEF\xBF\xBD \xEF\xBF\xBD Reveal"));
}
