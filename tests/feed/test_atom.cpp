#include "feed/atom.hpp"
#include "fixtures.hpp"

#include <catch2/catch.hpp>

using ytm::feed::parse_feed;
using ytm::test::feed_fixture;

namespace {
constexpr const char* kChannel = "UCq4tW5mV3Zb8sK1xN0pQ7rA";

const ytm::feed::FeedEntry& entry(const ytm::feed::Feed& feed, const std::string& id) {
  for (const auto& e : feed.entries) {
    if (e.video_id == id) return e;
  }
  FAIL("no entry " << id);
  throw;
}
}  // namespace

TEST_CASE("a real-format feed gives every entry with decoded titles, in feed order") {
  auto feed = parse_feed(feed_fixture("quirks.xml"), kChannel);
  REQUIRE(feed.ok());
  CHECK(feed->channel_id == kChannel);
  CHECK(feed->title == "Tom & Jerry's \"Lab\" 实验室");
  CHECK(feed->author == "Tom & Jerry's \"Lab\" 实验室");
  CHECK(feed->channel_url == "https://www.youtube.com/channel/UCq4tW5mV3Zb8sK1xN0pQ7rA");
  REQUIRE(feed->entries.size() == 6);
  CHECK(feed->dropped_entries == 1);
  CHECK(feed->entries[0].video_id == "Pr3m1er3x_0");
  CHECK(feed->entries[0].title == "PREMIERE: The <Big> Reveal | 大発表 🎉");
  CHECK(feed->entries[3].title == "深度学习入门：从零实现 Transformer（第 3 讲）");
  CHECK(feed->entries[2].title == "wait for it 😂🔥 #shorts");
}

TEST_CASE("entry fields: link, times, description, thumbnail, views and stars") {
  auto feed = parse_feed(feed_fixture("quirks.xml"), kChannel);
  REQUIRE(feed.ok());
  const auto& e = entry(*feed, "kX9_2bQ-7Lm");
  CHECK(e.channel_id == kChannel);
  CHECK(e.link == "https://www.youtube.com/watch?v=kX9_2bQ-7Lm");
  CHECK(e.published == *ytm::parse_iso8601("2026-02-27T12:00:31Z"));
  CHECK(e.updated == *ytm::parse_iso8601("2026-02-28T01:02:03Z"));
  CHECK(e.description ==
        "本讲内容：注意力机制 & 位置编码\n代码：https://github.com/example/repo?tab=readme&lang=zh\n00:00 开场\n12:34 "
        "Q&A");
  CHECK(e.thumbnail == "https://i1.ytimg.com/vi/kX9_2bQ-7Lm/hqdefault.jpg");
  CHECK(e.views == 88712);
  CHECK(e.star_count == 2301);
  CHECK_FALSE(e.is_short);
  CHECK_FALSE(e.foreign_channel);
  // A time with an offset and fractional seconds is converted to UTC.
  CHECK(entry(*feed, "noStats0002").published == *ytm::parse_iso8601("2026-02-13T06:00:00Z"));
}

TEST_CASE("a /shorts/ link marks a Short, a premiere is an ordinary entry with no views yet") {
  auto feed = parse_feed(feed_fixture("quirks.xml"), kChannel);
  REQUIRE(feed.ok());
  CHECK(entry(*feed, "sH0rT_abc12").is_short);
  CHECK(entry(*feed, "sH0rT_abc12").link == "https://www.youtube.com/shorts/sH0rT_abc12");
  const auto& premiere = entry(*feed, "Pr3m1er3x_0");
  CHECK_FALSE(premiere.is_short);
  CHECK(premiere.views == 0);
  CHECK(premiere.published > premiere.updated);
}

TEST_CASE("missing media:group or statistics leave empty fields and -1 counts") {
  auto feed = parse_feed(feed_fixture("quirks.xml"), kChannel);
  REQUIRE(feed.ok());
  const auto& bare = entry(*feed, "noMedia0001");
  CHECK(bare.title == "An entry without media:group");
  CHECK(bare.description.empty());
  CHECK(bare.thumbnail.empty());
  CHECK(bare.views == -1);
  CHECK(bare.star_count == -1);
  const auto& no_stats = entry(*feed, "noStats0002");
  CHECK(no_stats.description == "No community block here.");
  CHECK(no_stats.views == -1);
}

TEST_CASE("a collab upload by another channel is kept and flagged as foreign") {
  auto feed = parse_feed(feed_fixture("quirks.xml"), kChannel);
  REQUIRE(feed.ok());
  const auto& collab = entry(*feed, "c0LLab-Vid9");
  CHECK(collab.foreign_channel);
  CHECK(collab.channel_id == "UCzZ9yX8wV7uT6sR5qP4oN3m");
  int foreign = 0;
  for (const auto& e : feed->entries) foreign += e.foreign_channel ? 1 : 0;
  CHECK(foreign == 1);
}

TEST_CASE("without a requested id the channel is the entries' (UC kept), not the UC-less header") {
  auto feed = parse_feed(feed_fixture("quirks.xml"), "");
  REQUIRE(feed.ok());
  CHECK(feed->channel_id == kChannel);
  CHECK(entry(*feed, "c0LLab-Vid9").foreign_channel);
  CHECK_FALSE(entry(*feed, "kX9_2bQ-7Lm").foreign_channel);
}

TEST_CASE("an empty feed parses to no entries and its UC-less header id gets UC back") {
  auto requested = parse_feed(feed_fixture("empty.xml"), "UCe3mPtY0cHaNnEl_0000001");
  REQUIRE(requested.ok());
  CHECK(requested->entries.empty());
  CHECK(requested->title == "Quiet Channel");
  auto unrequested = parse_feed(feed_fixture("empty.xml"), "");
  REQUIRE(unrequested.ok());
  CHECK(unrequested->channel_id == "UCe3mPtY0cHaNnEl_0000001");
}

TEST_CASE("other namespace prefixes, CDATA and an entry without yt:videoId still parse") {
  auto feed = parse_feed(feed_fixture("classic_prefixes.xml"), "");
  REQUIRE(feed.ok());
  CHECK(feed->channel_id == "UCcLa55icHeAdErW1thUC0_1");
  CHECK(feed->title == "Unusual Prefixes");
  REQUIRE(feed->entries.size() == 1);
  const auto& e = feed->entries[0];
  CHECK(e.video_id == "pr3F1x3s_01");
  CHECK(e.title == "Same feed, other prefixes & a CDATA title");
  CHECK(e.views == 7);
  CHECK(e.thumbnail == "https://i1.ytimg.com/vi/pr3F1x3s_01/hqdefault.jpg");
  CHECK(e.published == *ytm::parse_iso8601("2025-12-31T23:59:59Z"));
}
