// The stand-in YouTube must speak the real formats, or tests against it prove nothing.
#include "fake_youtube.hpp"
#include "feed/atom.hpp"
#include "feed/channel_page.hpp"
#include "feed/channel_ref.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;

namespace {
constexpr const char* kId = "UCf4k3Ch4nneL_0000000001";
constexpr const char* kOther = "UCf4k3Ch4nneL_0000000002";

std::string path_of(const std::string& url, const std::string& base) { return url.substr(base.size()); }
}  // namespace

TEST_CASE("fake_youtube serves feeds and pages that our parsers read like YouTube's") {
  ytm::test::FakeYoutube yt;
  REQUIRE(yt.post("/_control/channels",
                  std::string(R"({"id":")") + kId + R"(","handle":"fakelab","title":"Fake & Lab 实验室"})")
              .status == 200);
  REQUIRE(yt.post("/_control/channels", std::string(R"({"id":")") + kOther + R"(","title":"Other"})").status == 200);
  auto videos = std::string("/_control/channels/") + kId + "/videos";
  REQUIRE(yt.post(videos, R"({"id":"oldVideo001","title":"Old","published":"2026-01-01T10:00:00Z"})").status == 200);
  REQUIRE(yt.post(videos, R"({"id":"sh0rtVid001","title":"Tiny 🎉","short":true,"published":"2026-01-02T10:00:00Z"})")
              .status == 200);
  REQUIRE(yt.post(videos, std::string(R"({"id":"c0llabVid01","title":"Joint <work>","channel_id":")") + kOther +
                              R"(","published":"2026-01-03T10:00:00Z"})")
              .status == 200);

  auto response = yt.get(path_of(ytm::feed::feed_url(yt.base_url(), kId), yt.base_url()));
  REQUIRE(response.status == 200);
  CHECK_THAT(response.body, Contains(std::string("<yt:channelId>") + (kId + 2) + "</yt:channelId>"));
  auto feed = ytm::feed::parse_feed(response.body, kId);
  REQUIRE(feed.ok());
  CHECK(feed->title == "Fake & Lab 实验室");
  REQUIRE(feed->entries.size() == 3);
  CHECK(feed->entries[0].video_id == "c0llabVid01");
  CHECK(feed->entries[0].title == "Joint <work>");
  CHECK(feed->entries[0].foreign_channel);
  CHECK(feed->entries[1].is_short);
  CHECK(feed->entries[1].title == "Tiny 🎉");
  CHECK(feed->entries[2].published == *ytm::parse_iso8601("2026-01-01T10:00:00Z"));

  for (auto ref : {"@fakelab", "https://www.youtube.com/channel/UCf4k3Ch4nneL_0000000001", "youtu.be/oldVideo001"}) {
    auto parsed = ytm::feed::parse_channel_ref(ref);
    REQUIRE(parsed.ok());
    auto page = yt.get(path_of(ytm::feed::page_url(yt.base_url(), *parsed), yt.base_url()));
    REQUIRE(page.status == 200);
    auto channel = ytm::feed::parse_channel_page(page.body);
    INFO(ref);
    REQUIRE(channel.ok());
    CHECK(channel->channel_id == kId);
    CHECK(channel->title == "Fake & Lab 实验室");
  }
}

TEST_CASE("fake_youtube answers 304 to a conditional request once validators are on, and counts it") {
  ytm::test::FakeYoutube yt;
  yt.post("/_control/channels", std::string(R"({"id":")") + kId + R"("})");
  auto feed_path = std::string("/feeds/videos.xml?channel_id=") + kId;
  CHECK_THAT(yt.get(feed_path).head, !Contains("ETag"));
  yt.post(std::string("/_control/channels/") + kId + "/behaviour", R"({"validators":true})");
  auto first = yt.get(feed_path);
  auto at = first.head.find("ETag: ");
  REQUIRE(at != std::string::npos);
  auto etag = first.head.substr(at + 6, first.head.find("\r\n", at) - at - 6);
  CHECK(yt.get(feed_path, "If-None-Match: " + etag + "\r\n").status == 304);
  yt.post(std::string("/_control/channels/") + kId + "/videos", R"({"id":"newVideo001"})");
  CHECK(yt.get(feed_path, "If-None-Match: " + etag + "\r\n").status == 200);
  auto stats = yt.get("/_control/stats").body;
  CHECK_THAT(stats, Contains("\"conditional_hits\": 1"));
  CHECK_THAT(stats, Contains(feed_path + "\": 4"));
}

TEST_CASE("fake_youtube's consent mode serves the consent page that parse_channel_page recognises") {
  ytm::test::FakeYoutube yt;
  yt.post("/_control/channels", std::string(R"({"id":")") + kId + R"(","handle":"fakelab"})");
  yt.post("/_control/consent", R"({"mode":"unless_cookie"})");
  auto blocked = ytm::feed::parse_channel_page(yt.get("/@fakelab").body);
  REQUIRE_FALSE(blocked.ok());
  CHECK(blocked.failure().code == "consent_page");
  auto with_cookie = ytm::feed::parse_channel_page(yt.get("/@fakelab", "Cookie: SOCS=CAI\r\n").body);
  REQUIRE(with_cookie.ok());
  CHECK(with_cookie->channel_id == kId);
}
