// `ytmonitor render --all` as a user runs it after changing output settings: every document and
// feed.xml are written again from the stored results, without the model.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "render/fixtures.hpp"
#include "render/render_store.hpp"
#include "support/run.hpp"

using namespace ytm;
using nlohmann::json;

namespace {

json read_as_feed_reader(const std::filesystem::path& file) {
  auto run = test::run({"/usr/bin/python3", YTM_TESTS_DIR "/render/check_atom.py", file.string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  return json::parse(run.out);
}

}  // namespace

TEST_CASE("render --all rewrites feed.xml from the stored results, with the feed_items now configured") {
  test::TempDir dir;
  auto out = dir / "out";
  {
    store::Store store(dir / "state" / "ytmonitor.db");
    auto en = test::load_result("en.json");
    en.video.id = "englishTalk";
    en.video.published -= 86400;
    test::store_result(store, test::load_result("zh.json"));
    test::store_result(store, en);
  }
  dir.write("subscriptions.yaml", "channels: []\n");
  dir.write("out/feed.xml", "<feed>from an older version, cut short");
  auto config = dir.write("config.yaml", "state_dir: state\noutput_dir: out\n").string();

  auto all = test::ytmonitor({"--config", config, "render", "--all"});
  INFO(all.out << all.err);
  REQUIRE(all.exit_code == 0);
  CHECK(all.out.find("2 documents written, 0 failed") != std::string::npos);
  auto feed = read_as_feed_reader(out / "feed.xml");
  CHECK_FALSE(feed["bozo"].get<bool>());
  CHECK(feed["rfc4287"].empty());
  REQUIRE(feed["entries"].size() == 2);
  CHECK(feed["entries"][0]["link"] == "https://www.youtube.com/watch?v=k-xtmISBCNE");
  CHECK(feed["entries"][1]["link"] == "https://www.youtube.com/watch?v=englishTalk");

  dir.write("config.yaml", "state_dir: state\noutput_dir: out\noutput:\n  feed_items: 1\n");
  REQUIRE(test::ytmonitor({"--config", config, "render", "--all"}).exit_code == 0);
  feed = read_as_feed_reader(out / "feed.xml");
  REQUIRE(feed["entries"].size() == 1);
  CHECK(feed["entries"][0]["link"] == "https://www.youtube.com/watch?v=k-xtmISBCNE");
}
