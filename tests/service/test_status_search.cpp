// The status page's search results: matches marked, everything from the store escaped.
#include <catch2/catch.hpp>

#include "status/server.hpp"

using namespace ytm;

TEST_CASE("search results on the status page mark the matches and escape titles, channels and text") {
  store::SearchHit hit{"abc12345678",
                       "<script>alert(1)</script>",
                       "Chan & \"Co\"",
                       1767880800,
                       "transcript",
                       754,
                       "before <b>grounding</b> after",
                       -1.0};
  auto later = hit;
  later.start = 3600;
  auto page = status::search_page("grounding", "", store::group_by_video({hit, later}, 20));
  CHECK(page.find("<script>") == std::string::npos);
  CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(page.find("Chan &amp; &quot;Co&quot;") != std::string::npos);
  CHECK(page.find("before &lt;b&gt;<mark>grounding</mark>&lt;/b&gt; after") != std::string::npos);
  CHECK(page.find("<a href=\"https://www.youtube.com/watch?v=abc12345678&amp;t=754s\">12:34</a>") != std::string::npos);
  CHECK(page.find("2026-01-08") != std::string::npos);
  CHECK(page.find("<h2>1 video</h2>") != std::string::npos);
  CHECK(page.find("<small>1 more in this video: <a href=\"https://www.youtube.com/watch?v=abc12345678&amp;t=3600s\">"
                  "1:00:00</a></small>") != std::string::npos);
  CHECK(page.find("method=\"get\"") != std::string::npos);

  auto echoed = status::search_page("\"><img src=x onerror=alert(1)>", "", {});
  CHECK(echoed.find("<img") == std::string::npos);
  CHECK(echoed.find("value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\"") != std::string::npos);
  CHECK(echoed.find("0 videos") != std::string::npos);
}

TEST_CASE("search hits are grouped by video, in the order of each video's best passage, up to the number asked") {
  auto hit = [](const char* video, int start) {
    store::SearchHit h;
    h.video_id = video;
    h.start = start;
    return h;
  };
  auto videos = store::group_by_video({hit("aaaaaaaaaaa", 10), hit("bbbbbbbbbbb", 20), hit("aaaaaaaaaaa", 30),
                                       hit("ccccccccccc", 40), hit("bbbbbbbbbbb", 50), hit("aaaaaaaaaaa", 60)},
                                      2);
  REQUIRE(videos.size() == 2);
  CHECK(videos[0].best.video_id == "aaaaaaaaaaa");
  CHECK(videos[0].best.start == 10);
  REQUIRE(videos[0].more.size() == 2);
  CHECK(videos[0].more[0].start == 30);
  CHECK(videos[0].more[1].start == 60);
  CHECK(videos[1].best.video_id == "bbbbbbbbbbb");
  REQUIRE(videos[1].more.size() == 1);
  CHECK(videos[1].more[0].start == 50);
  CHECK(store::passages_for_videos(20) == 200);
  CHECK(store::passages_for_videos(1000) == 1000);
}
