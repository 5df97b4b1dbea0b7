// The stand-in YouTube must speak the real formats, or tests against it prove nothing.
#include "fake_youtube.hpp"
#include "feed/atom.hpp"
#include "feed/channel_page.hpp"
#include "feed/channel_ref.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

#include "support/run.hpp"
#include "transcript/fetch.hpp"

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
  CHECK(blocked.failure().code == ytm::FailureCode::consent_page);
  auto with_cookie = ytm::feed::parse_channel_page(yt.get("/@fakelab", "Cookie: SOCS=CAI\r\n").body);
  REQUIRE(with_cookie.ok());
  CHECK(with_cookie->channel_id == kId);
}

namespace {

std::string real_404_page() {
  std::ifstream in(std::filesystem::path(YTM_SOURCE_DIR) / ".." / "shared" / "real-world" / "feeds" /
                   "newpipe-feed-404-unknown-channel-2026-07.html");
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("fake_youtube's feed outage: every feed answers the status, 404 with Google's real page, no Retry-After") {
  ytm::test::FakeYoutube yt;
  auto first = yt.add_channel("@one");
  auto second = yt.add_channel("@two");
  yt.publish(first, "Before");
  const std::string feed = "/feeds/videos.xml?channel_id=";
  CHECK(yt.get(feed + first).status == 200);
  yt.start_outage(404);
  for (const auto& id : {first, second}) {
    auto r = yt.get(feed + id);
    CHECK(r.status == 404);
    CHECK_THAT(r.head, !Contains("Retry-After"));
    auto expected = real_404_page();
    const std::string recorded_path = "/feeds/videos.xml?channel_id=UCTGjY2I-ZUGnwVoWAGRd7XQ";
    expected.replace(expected.find(recorded_path), recorded_path.size(), feed + id);
    CHECK(r.body == expected);
    CHECK_FALSE(ytm::feed::parse_feed(r.body, id).ok());
  }
  CHECK(yt.get("/@one").status == 200);  // a browser still shows the channel
  for (int status : {500, 403, 429}) {
    yt.start_outage(status);
    auto r = yt.get(feed + first);
    CHECK(r.status == status);
    CHECK_THAT(r.head, !Contains("Retry-After"));
  }
  yt.end_outage();
  CHECK(yt.get(feed + first).status == 200);
  yt.start_outage(404, 0.3);
  CHECK(yt.get(feed + second).status == 404);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  CHECK(yt.get(feed + second).status == 200);  // the window is over by itself
}

TEST_CASE("a lagging feed shows an upload only after its lag, while the stand-in yt-dlp lists it at once") {
  ytm::test::FakeYoutube yt;
  auto id = yt.add_channel("@laggy");
  yt.publish(id, "Old one", 1'700'000'000, "oldUpload01");
  yt.set_behaviour(id, R"({"feed_lag": 1.5})");
  yt.publish(id, "Fresh & new", 1'800'000'000, "newUpload01");
  yt.post("/_control/channels/" + id + "/videos",
          R"({"id": "shortUpld01", "title": "A short", "short": true, "published": 1800000100})");
  const std::string feed = "/feeds/videos.xml?channel_id=" + id;
  CHECK_THAT(yt.get(feed).body, !Contains("newUpload01"));

  ytm::config::TranscriptSettings settings;
  settings.command = YTM_TESTS_DIR "/fakes/yt-dlp";
  auto argv = ytm::transcript::ytdlp_listing_argv(settings, ytm::feed::uploads_url(yt.base_url(), id), 15);
  auto listing = ytm::test::run(argv);
  INFO(listing.err);
  REQUIRE(listing.exit_code == 0);
  // Newest first; the Videos tab has no Shorts.
  CHECK(listing.out == "newUpload01\tFresh & new\noldUpload01\tOld one\n");
  argv = ytm::transcript::ytdlp_listing_argv(settings, ytm::feed::uploads_url(yt.base_url(), id), 1);
  CHECK(ytm::test::run(argv).out == "newUpload01\tFresh & new\n");

  std::this_thread::sleep_for(std::chrono::milliseconds(1600));
  CHECK_THAT(yt.get(feed).body, Contains("newUpload01"));
}

TEST_CASE("the stand-in yt-dlp's listing of a channel that is not there fails as yt-dlp does") {
  ytm::test::FakeYoutube yt;
  ytm::config::TranscriptSettings settings;
  settings.command = YTM_TESTS_DIR "/fakes/yt-dlp";
  auto url = ytm::feed::uploads_url(yt.base_url(), "UCgoneChannel00000000000");
  auto listing = ytm::test::run(ytm::transcript::ytdlp_listing_argv(settings, url, 15));
  CHECK(listing.exit_code == 1);
  CHECK(listing.out.empty());
  CHECK_THAT(listing.err, Contains("ERROR: [youtube:tab] UCgoneChannel00000000000: Unable to download webpage: "
                                   "HTTP Error 404: Not Found"));
}
