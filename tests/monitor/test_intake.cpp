#include <catch2/catch.hpp>

#include "monitor/feed_intake.hpp"
#include "support/temp_dir.hpp"

using namespace ytm;
using monitor::IntakeEntry;
using store::VideoState;

namespace {

const std::string channel_id = "UCbfYPyITQ-7l4upoX8nvctg";

std::vector<IntakeEntry> entries(std::initializer_list<const char*> ids) {
  std::vector<IntakeEntry> out;
  ytm::UnixTime t = 10'000;
  for (const char* id : ids) out.push_back({id, std::string("Title ") + id, "", t--, false});
  return out;
}

}  // namespace

TEST_CASE("a channel seen for the first time queues only its backfill newest videos") {
  test::TempDir dir;
  store::Store store(dir / "db");
  config::Channel c;
  c.backfill = 2;
  config::ChannelFilter filter(c);
  auto result = monitor::take_in(store, channel_id, c, filter, entries({"v5", "v4", "v3", "v2", "v1"}), "feed", 100);
  CHECK(result.new_videos == 5);
  CHECK(result.queued == 2);
  CHECK(result.seen == 3);
  CHECK(store.video("v5")->state == VideoState::queued);
  CHECK(store.video("v4")->state == VideoState::queued);
  CHECK(store.video("v3")->state == VideoState::seen);
  CHECK(store.video("v3")->reason.find("backfill 2") != std::string::npos);
}

TEST_CASE("later polls queue every new video once and skip filtered ones with a reason") {
  test::TempDir dir;
  store::Store store(dir / "db");
  config::Channel c;
  c.exclude = "trailer";
  config::ChannelFilter filter(c);
  monitor::take_in(store, channel_id, c, filter, entries({"v2", "v1"}), "feed", 100);
  auto feed = entries({"v4", "v3", "v2", "v1"});
  feed[1].title = "Season trailer";
  auto result = monitor::take_in(store, channel_id, c, filter, feed, "feed", 200);
  CHECK(result.new_videos == 2);
  CHECK(result.queued == 1);
  CHECK(result.skipped == 1);
  CHECK_FALSE(result.gap);
  CHECK(store.video("v4")->state == VideoState::queued);
  CHECK(store.video("v3")->state == VideoState::skipped);
  CHECK(store.video("v3")->reason == "title matches exclude /trailer/");
  auto again = monitor::take_in(store, channel_id, c, filter, feed, "feed", 300);
  CHECK(again.new_videos == 0);
}

TEST_CASE("a feed that shows none of a known channel's videos reports a gap") {
  test::TempDir dir;
  store::Store store(dir / "db");
  config::Channel c;
  config::ChannelFilter filter(c);
  monitor::take_in(store, channel_id, c, filter, entries({"old2", "old1"}), "feed", 100);
  auto result = monitor::take_in(store, channel_id, c, filter, entries({"n3", "n2", "n1"}), "feed", 200);
  CHECK(result.gap);
  CHECK(result.queued == 3);
}
