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

TEST_CASE("the status page names each failure once, folds a long reason and links each document") {
  using nlohmann::json;
  const std::string long_reason =
      "yt-dlp failed: ERROR: [youtube] abcdefghijk: Sign in to confirm you’re not a bot. Use --cookies-from-browser "
      "or --cookies for the authentication. See  https://github.com/yt-dlp/yt-dlp/wiki/FAQ#how-do-i-pass-cookies-to-"
      "yt-dlp  for how to manually pass cookies. Also see  https://github.com/yt-dlp/yt-dlp/wiki/Extractors#exporting-"
      "youtube-cookies  for tips on effectively exporting YouTube cookies";
  auto video = [](const char* id, const char* state, std::string reason, json document) {
    return json{{"id", id},     {"title", std::string("Title of ") + id},
                {"published", "2026-12-01T10:00:00Z"},
                {"state", state}, {"reason", std::move(reason)},
                {"failure_code", std::string(state) == "failed" ? "bot_check" : ""},
                {"attempts", 3},  {"document", std::move(document)},
                {"document_note", ""}};
  };
  const json report{
      {"generated", "2026-12-07T10:00:00Z"},
      {"videos", {{"done", 1}, {"failed", 1}}},
      {"model_today", {{"calls", 4}, {"failed_calls", 0}, {"input_tokens", 1000}, {"output_tokens", 900}, {"cost_usd", 0.05}}},
      {"notifications", {{"pending", 0}, {"failed", 0}, {"sent", 0}, {"last_error", ""}}},
      {"channels", json::array()},
      {"recent", {video("failedVid01", "failed", long_reason, nullptr),
                  video("doneVideo01", "done", "", "2026/12/Title of doneVideo01 [doneVideo01].md")}}};
  const auto page = status::status_page(report, "");
  // The reason once, in the failures table; its start shown, the rest behind a click.
  CHECK(page.find("Sign in to confirm") != std::string::npos);
  CHECK(page.find("Sign in to confirm") == page.rfind("Sign in to confirm"));
  CHECK(page.find("<details><summary>yt-dlp failed: ERROR: [youtube] abcdefghijk: Sign in to confirm you’re not a "
                  "bot. Use --cookies-from-browser or --cookies for the …</summary> authentication. See ") !=
        std::string::npos);
  CHECK(page.find("<a href=\"#failures\">why</a>") != std::string::npos);
  CHECK(page.find("<a href=\"/2026/12/Title%20of%20doneVideo01%20%5BdoneVideo01%5D.md\">2026/12/Title of "
                  "doneVideo01 [doneVideo01].md</a>") != std::string::npos);
  CHECK(page.find("<h2 id=\"failures\">Failures</h2>") < page.find("<h2>Recent videos</h2>"));
  CHECK(page.find("<small>doneVideo01 · 2026-12-01 10:00 UTC</small>") != std::string::npos);
  CHECK(page.find("as of 2026-12-07 10:00 UTC") != std::string::npos);
}

TEST_CASE("the status page shows under a recent document what was cleaned from the model's answers") {
  using nlohmann::json;
  const std::string note =
      "cleaned from the model's answers: outros 1 (a closing \"thanks for watching, please subscribe\" the video "
      "does not say: removed)";
  const json report{
      {"generated", "2026-12-07T10:00:00Z"},
      {"videos", {{"done", 1}}},
      {"model_today", {{"calls", 2}, {"failed_calls", 0}, {"input_tokens", 1000}, {"output_tokens", 900}, {"cost_usd", 0.05}}},
      {"notifications", {{"pending", 0}, {"failed", 0}, {"sent", 0}, {"last_error", ""}}},
      {"channels", json::array()},
      {"recent", {json{{"id", "doneVideo01"}, {"title", "Title"}, {"published", "2026-12-01T10:00:00Z"},
                       {"state", "done"}, {"reason", ""}, {"failure_code", ""}, {"attempts", 1},
                       {"document", "2026/12/Title.md"}, {"document_note", note}}}}};
  const auto page = status::status_page(report, "");
  CHECK(page.find("2026/12/Title.md</a><br><small>cleaned from the model&#39;s answers: outros 1 (a closing "
                  "&quot;thanks for watching, please subscribe&quot; the video does not say: removed)</small>") !=
        std::string::npos);
}
