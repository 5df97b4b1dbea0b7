// ytmonitor.base, checked against the Bases format Obsidian documents
// (https://help.obsidian.md/bases/syntax): top-level filters, properties and views; each view a
// type, a name, and the property ids it shows in order; sort entries of a property and direction.
#include <catch2/catch.hpp>

#include <set>

#include <yaml-cpp/yaml.h>

#include "render/fixtures.hpp"
#include "render/markdown.hpp"
#include "render/obsidian_base.hpp"
#include "render/render_store.hpp"
#include "render/render_video.hpp"

using namespace ytm;
namespace fs = std::filesystem;

namespace {

bool property_id(const std::string& id) {
  return id.rfind("file.", 0) == 0 || id.rfind("note.", 0) == 0 || id.rfind("formula.", 0) == 0;
}

}  // namespace

TEST_CASE("ytmonitor.base is a Bases table of every document with channel, date, duration and language", "[render]") {
  auto yaml = YAML::Load(render::obsidian_base(render::labels_for("en")));
  std::set<std::string> top;
  for (const auto& kv : yaml) top.insert(kv.first.as<std::string>());
  for (const auto& key : top) {
    INFO(key);
    CHECK(std::set<std::string>{"filters", "formulas", "properties", "summaries", "views"}.contains(key));
  }
  // A filter object has exactly one of and / or / not, holding expressions.
  REQUIRE(yaml["filters"].IsMap());
  CHECK(yaml["filters"].size() == 1);
  auto conditions = yaml["filters"]["and"].as<std::vector<std::string>>();
  CHECK(conditions.front() == "file.hasProperty(\"video_id\")");  // what our front matter always has

  for (const auto& kv : yaml["properties"]) {
    CHECK(property_id(kv.first.as<std::string>()));
    CHECK_FALSE(kv.second["displayName"].as<std::string>().empty());
  }
  CHECK(yaml["properties"]["note.author"]["displayName"].as<std::string>() == "Channel");

  REQUIRE(yaml["views"].IsSequence());
  REQUIRE(yaml["views"].size() == 1);
  auto view = yaml["views"][0];
  CHECK(std::set<std::string>{"table", "cards", "list", "map"}.contains(view["type"].as<std::string>()));
  CHECK(view["type"].as<std::string>() == "table");
  CHECK(view["name"].as<std::string>() == "Videos");
  auto order = view["order"].as<std::vector<std::string>>();
  CHECK(order ==
        std::vector<std::string>{"file.name", "note.author", "note.published", "note.duration", "note.language"});
  for (const auto& s : view["sort"]) {
    CHECK(property_id(s["property"].as<std::string>()));
    CHECK(std::set<std::string>{"ASC", "DESC"}.contains(s["direction"].as<std::string>()));
  }
  CHECK(view["sort"][0]["property"].as<std::string>() == "note.published");
  // The columns are keys our front matter writes.
  auto doc = render::front_matter(test::load_result("en.json"), "en");
  for (const auto& id : order) {
    if (id.rfind("note.", 0) == 0) CHECK(doc.find("\n" + id.substr(5) + ":") != std::string::npos);
  }
}

TEST_CASE("ytmonitor.base is written beside the documents once, and a user's edit of it is kept", "[render]") {
  test::TempDir tmp;
  store::Store store(tmp / "state" / "ytmonitor.db");
  auto config = test::render_config(tmp / "out");
  auto zh = test::load_result("zh.json");
  test::store_result(store, zh);
  REQUIRE(render::render_video(store, config, zh.video.id).ok());
  auto base = test::read_file(tmp / "out" / "ytmonitor.base");
  CHECK(base == render::obsidian_base(render::labels_for("zh-CN")));
  CHECK(base.find("displayName: \"频道\"") != std::string::npos);
  tmp.write("out/ytmonitor.base", "views: []\n");
  REQUIRE(render::render_video(store, config, zh.video.id).ok());
  CHECK(test::read_file(tmp / "out" / "ytmonitor.base") == "views: []\n");

  test::TempDir other;
  store::Store plain(other / "ytmonitor.db");
  auto no_front_matter = test::render_config(other / "out");
  no_front_matter.output.front_matter = false;  // the columns would be empty
  test::store_result(plain, zh);
  REQUIRE(render::render_video(plain, no_front_matter, zh.video.id).ok());
  CHECK_FALSE(fs::exists(other / "out" / "ytmonitor.base"));
}
