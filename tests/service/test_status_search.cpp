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
  auto page = status::search_page("grounding", "", {hit});
  CHECK(page.find("<script>") == std::string::npos);
  CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(page.find("Chan &amp; &quot;Co&quot;") != std::string::npos);
  CHECK(page.find("before &lt;b&gt;<mark>grounding</mark>&lt;/b&gt; after") != std::string::npos);
  CHECK(page.find("<a href=\"https://www.youtube.com/watch?v=abc12345678&amp;t=754s\">12:34</a>") != std::string::npos);
  CHECK(page.find("2026-01-08") != std::string::npos);
  CHECK(page.find("method=\"get\"") != std::string::npos);

  auto echoed = status::search_page("\"><img src=x onerror=alert(1)>", "", {});
  CHECK(echoed.find("<img") == std::string::npos);
  CHECK(echoed.find("value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\"") != std::string::npos);
  CHECK(echoed.find("0 matches") != std::string::npos);
}
