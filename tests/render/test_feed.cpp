// feed.xml: what a real feed reader (Debian's python3-feedparser) makes of it, and RFC 4287's
// required elements, for documents rendered from a real store.
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "render/feed_xml.hpp"
#include "render/fixtures.hpp"
#include "render/render_store.hpp"
#include "render/render_video.hpp"
#include "support/run.hpp"

using namespace ytm;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

json read_as_feed_reader(const fs::path& file) {
  auto run = test::run({"/usr/bin/python3", YTM_TESTS_DIR "/render/check_atom.py", file.string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  return json::parse(run.out);
}

struct Fixture {
  test::TempDir tmp;
  fs::path out = tmp / "out";
  store::Store store{tmp / "state" / "ytmonitor.db"};
  config::Config config = test::render_config(out);
  pipeline::VideoResult zh = test::load_result("zh.json");
  pipeline::VideoResult en = test::load_result("en.json");

  Fixture() {
    en.video.id = "englishTalk";
    en.video.published -= 86400;
    test::store_result(store, zh);
    test::store_result(store, en);
  }
  void render_all() {
    REQUIRE(render::render_video(store, config, en.video.id).ok());
    REQUIRE(render::render_video(store, config, zh.video.id).ok());
  }
};

}  // namespace

TEST_CASE("feed.xml is read by feedparser without complaint and holds each document's fields", "[feed]") {
  Fixture f;
  f.render_all();
  auto feed = read_as_feed_reader(f.out / "feed.xml");
  INFO(feed.dump(2));
  CHECK_FALSE(feed["bozo"].get<bool>());
  CHECK(feed["rfc4287"].empty());
  REQUIRE(feed["entries"].size() == 2);
  const auto& newest = feed["entries"][0];
  CHECK(newest["title"] == f.zh.video.title);
  CHECK(newest["link"] == "https://www.youtube.com/watch?v=k-xtmISBCNE");
  CHECK(newest["author"] == "No Priors: AI, Machine Learning, Tech, & Startups");
  CHECK(newest["summary"] == f.zh.summary.tldr);
  CHECK(newest["published"] == "2026-01-08T14:00:00Z");
  std::string related;
  for (const auto& l : newest["links"]) {
    if (l["rel"] == "related") related = l["href"];
  }
  CHECK(
      related.ends_with("No%20Priors%20AI%2C%20Machine%20Learning%2C%20Tech%2C%20%26%20Startups/2026-01-08%20NVIDIA"
                        "%E2%80%99s%20Jensen%20Huang%20on%20Reasoning%20Models%2C%20Robotics%2C%20and%20Refuting%20"
                        "the%20%E2%80%9CAI%20Bubble%E2%80%9D%20Narrative.md"));
  CHECK(feed["entries"][1]["title"] == f.en.video.title);
  CHECK(feed["entries"][1]["published"] == "2026-01-07T14:00:00Z");
}

TEST_CASE("feed.xml keeps only the newest output.feed_items documents, and none with 0", "[feed]") {
  Fixture f;
  f.config.output.feed_items = 1;
  f.render_all();
  auto feed = read_as_feed_reader(f.out / "feed.xml");
  REQUIRE(feed["entries"].size() == 1);
  CHECK(feed["entries"][0]["link"] == "https://www.youtube.com/watch?v=k-xtmISBCNE");

  Fixture g;
  g.config.output.feed_items = 0;
  g.render_all();
  CHECK_FALSE(fs::exists(g.out / "feed.xml"));
}

TEST_CASE("markup and control characters in titles and summaries stay text in the feed", "[feed]") {
  Fixture f;
  auto hostile = f.zh;
  hostile.video.id = "hostile0001";
  hostile.video.title = "</title><script>alert(1)</script> & \x01\x02 \"quoted\" 'single'";
  hostile.summary.tldr = "]]><entry><title>injected</title></entry> \xEF\xBF\xBF";  // U+FFFF: not allowed in XML
  test::store_result(f.store, hostile);
  REQUIRE(render::render_video(f.store, f.config, hostile.video.id).ok());
  auto feed = read_as_feed_reader(f.out / "feed.xml");
  INFO(feed.dump(2));
  CHECK_FALSE(feed["bozo"].get<bool>());
  CHECK(feed["rfc4287"].empty());
  REQUIRE(feed["entries"].size() == 1);
  CHECK(feed["entries"][0]["title"] == "</title><script>alert(1)</script> &  \"quoted\" 'single'");
  CHECK(feed["entries"][0]["summary"].get<std::string>().find("<entry><title>injected") != std::string::npos);
}
