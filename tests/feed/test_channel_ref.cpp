#include "feed/channel_ref.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using ytm::feed::ChannelRef;
using ytm::feed::parse_channel_ref;

namespace {
constexpr const char* kId = "UCq4tW5mV3Zb8sK1xN0pQ7rA";

ChannelRef parsed(const std::string& text) {
  auto r = parse_channel_ref(text);
  INFO(text << ": " << (r ? "" : r.failure().message));
  REQUIRE(r.ok());
  return *r;
}

std::string failure(const std::string& text) {
  auto r = parse_channel_ref(text);
  INFO(text);
  REQUIRE_FALSE(r.ok());
  CHECK(r.failure().code == ytm::FailureCode::bad_channel_ref);
  CHECK(r.failure().kind == ytm::FailureKind::permanent);
  return r.failure().message;
}
}  // namespace

TEST_CASE("channel ids: bare, in /channel/ URLs with any host form, and in feed URLs") {
  ChannelRef want{ChannelRef::channel_id, kId};
  for (std::string text :
       {std::string(kId), "  " + std::string(kId) + "\n", "https://www.youtube.com/channel/" + std::string(kId),
        "http://youtube.com/channel/" + std::string(kId) + "/videos",
        "m.youtube.com/channel/" + std::string(kId) + "?view=0#top", "/channel/" + std::string(kId),
        "https://www.youtube.com/feeds/videos.xml?channel_id=" + std::string(kId)}) {
    CHECK(parsed(text) == want);
  }
}

TEST_CASE("handles: @name alone or in a URL, percent-encoded non-Latin handles decoded") {
  ChannelRef want{ChannelRef::handle, "NoPriorsPodcast"};
  for (std::string text :
       {"@NoPriorsPodcast", "https://www.youtube.com/@NoPriorsPodcast", "youtube.com/@NoPriorsPodcast/videos",
        "HTTPS://M.YOUTUBE.COM/@NoPriorsPodcast", "www.youtube.com/@NoPriorsPodcast?si=abc"}) {
    CHECK(parsed(text) == want);
  }
  CHECK(parsed("https://www.youtube.com/@%E5%AE%9E%E9%AA%8C%E5%AE%A4").value == "实验室");
  CHECK(parsed("@tom.jerry-lab_2").value == "tom.jerry-lab_2");
}

TEST_CASE("custom and user URLs") {
  CHECK(parsed("https://www.youtube.com/c/LinusTechTips") == ChannelRef{ChannelRef::custom, "LinusTechTips"});
  CHECK(parsed("youtube.com/c/LinusTechTips/featured") == ChannelRef{ChannelRef::custom, "LinusTechTips"});
  CHECK(parsed("http://www.youtube.com/user/pewdiepie") == ChannelRef{ChannelRef::user, "pewdiepie"});
  CHECK(parsed("/user/pewdiepie") == ChannelRef{ChannelRef::user, "pewdiepie"});
}

TEST_CASE("video URLs of every form name the video") {
  ChannelRef want{ChannelRef::video, "dQw4w9WgXcQ"};
  for (std::string text :
       {"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ#t=1", "https://youtu.be/dQw4w9WgXcQ", "youtu.be/dQw4w9WgXcQ?si=xyz",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube.com/live/dQw4w9WgXcQ?feature=share",
        "/shorts/dQw4w9WgXcQ", "https://www.youtube.com/embed/dQw4w9WgXcQ"}) {
    CHECK(parsed(text) == want);
  }
}

TEST_CASE("junk is refused with a message saying what was not understood") {
  CHECK_THAT(failure(""), Contains("empty"));
  CHECK_THAT(failure("UCq4tW5mV3Zb8sK1xN0pQ7r"), Contains("22 characters after \"UC\", this one has 21"));
  CHECK_THAT(failure("UCq4tW5mV3Zb8sK1xN0pQ7r!"), Contains("not a channel id"));
  CHECK_THAT(failure("https://vimeo.com/12345"), Contains("\"vimeo.com\" is not a YouTube address"));
  CHECK_THAT(failure("https://www.youtube.com/playlist?list=PL123"), Contains("\"/playlist\""));
  CHECK_THAT(failure("https://www.youtube.com/watch?list=PL123"), Contains("without ?v="));
  CHECK_THAT(failure("https://www.youtube.com/"), Contains("names no channel"));
  CHECK_THAT(failure("NoPriorsPodcast"), Contains("@name"));
  CHECK_THAT(failure("@"), Contains("not a valid handle"));
  CHECK_THAT(failure("@bad handle"), Contains("not a valid handle"));
  CHECK_THAT(failure("https://youtu.be/"), Contains("youtu.be/ID"));
  CHECK_THAT(failure("https://www.youtube.com/watch?v=a<b>"), Contains("not a video id"));
}

TEST_CASE("feed, page and uploads URLs follow the configured base URL") {
  const std::string base = "http://127.0.0.1:8123";
  CHECK(ytm::feed::feed_url(base, kId) == base + "/feeds/videos.xml?channel_id=" + kId);
  CHECK(ytm::feed::feed_url("https://www.youtube.com/", kId) ==
        std::string("https://www.youtube.com/feeds/videos.xml?channel_id=") + kId);
  CHECK(ytm::feed::uploads_url(base, kId) == base + "/channel/" + kId + "/videos");
  CHECK(ytm::feed::page_url(base, {ChannelRef::channel_id, kId}) == base + "/channel/" + kId);
  CHECK(ytm::feed::page_url(base, {ChannelRef::handle, "NoPriorsPodcast"}) == base + "/@NoPriorsPodcast");
  CHECK(ytm::feed::page_url(base, {ChannelRef::handle, "实验室"}) == base + "/@%E5%AE%9E%E9%AA%8C%E5%AE%A4");
  CHECK(ytm::feed::page_url(base, {ChannelRef::custom, "LinusTechTips"}) == base + "/c/LinusTechTips");
  CHECK(ytm::feed::page_url(base, {ChannelRef::user, "pewdiepie"}) == base + "/user/pewdiepie");
  CHECK(ytm::feed::page_url(base, {ChannelRef::video, "dQw4w9WgXcQ"}) == base + "/watch?v=dQw4w9WgXcQ");
}

TEST_CASE("is_channel_id checks prefix, length and alphabet") {
  CHECK(ytm::is_channel_id(kId));
  CHECK(ytm::is_channel_id("UC-_aaaaaaaaaaaaaaaaaaaa"));
  CHECK_FALSE(ytm::is_channel_id("UUq4tW5mV3Zb8sK1xN0pQ7rA"));
  CHECK_FALSE(ytm::is_channel_id("UCq4tW5mV3Zb8sK1xN0pQ7rAx"));
  CHECK_FALSE(ytm::is_channel_id("UCq4tW5mV3Zb8sK1xN0pQ7r="));
}
