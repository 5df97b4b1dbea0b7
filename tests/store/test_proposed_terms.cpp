// The renderings a channel's videos chose for its names, as `ytmonitor glossary` reads them.
#include <catch2/catch.hpp>

#include "store/store.hpp"
#include "support/temp_dir.hpp"

using namespace ytm;

TEST_CASE("a channel's proposed terms count the videos of each rendering, the most videos first") {
  test::TempDir dir;
  store::Store store(dir / "state.db");
  store.save_proposed_terms("UCa", "video000001", {{"Jensen Huang", "黄仁勋"}, {"NVIDIA", "英伟达"}}, 100);
  store.save_proposed_terms("UCa", "video000002", {{"Jensen Huang", "黄仁勋"}}, 200);
  store.save_proposed_terms("UCa", "video000003", {{"Jensen Huang", "詹森·黄"}, {"CUDA", "CUDA"}}, 300);
  store.save_proposed_terms("UCb", "video000004", {{"Jensen Huang", "黄仁勳"}}, 400);

  const auto terms = store.proposed_terms("UCa");
  REQUIRE(terms.size() == 3);
  CHECK(terms[0].term == "Jensen Huang");
  CHECK(terms[0].videos == 3);
  REQUIRE(terms[0].renderings.size() == 2);
  CHECK(terms[0].renderings[0].rendering == "黄仁勋");
  CHECK(terms[0].renderings[0].videos == 2);
  CHECK(terms[0].renderings[1].rendering == "詹森·黄");
  CHECK(terms[0].renderings[1].videos == 1);
  CHECK(terms[0].last_seen == 300);
  CHECK(terms[1].term == "CUDA");  // one video each: by term
  CHECK(terms[2].term == "NVIDIA");

  // A video done again replaces what it proposed.
  store.save_proposed_terms("UCa", "video000003", {{"Jensen Huang", "黄仁勋"}}, 500);
  const auto again = store.proposed_terms("UCa");
  REQUIRE(again.size() == 2);
  REQUIRE(again[0].renderings.size() == 1);
  CHECK(again[0].renderings[0].videos == 3);
  CHECK(store.proposed_terms("UCnone").empty());
}
