#include <catch2/catch.hpp>

#include "config/channel_filter.hpp"

using namespace std::chrono_literals;
using ytm::config::Channel;
using ytm::config::ChannelFilter;
using ytm::config::SkipCode;

TEST_CASE("title filters: include must match, exclude must not, case-insensitively") {
  Channel c;
  c.include = "podcast|interview";
  c.exclude = "trailer";
  ChannelFilter f(c);
  CHECK(f.on_feed_entry("The Podcast #12", false).keep);
  auto no_match = f.on_feed_entry("A vlog", false);
  CHECK_FALSE(no_match.keep);
  CHECK(no_match.code == SkipCode::filtered_title);
  CHECK(to_string(no_match.code) == "filtered_title");
  CHECK(no_match.reason == "title does not match include /podcast|interview/");
  auto excluded = f.on_feed_entry("Interview TRAILER", false);
  CHECK_FALSE(excluded.keep);
  CHECK(excluded.reason == "title matches exclude /trailer/");
}

TEST_CASE("Shorts are skipped when skip_shorts is on, from the feed link or the metadata") {
  Channel c;
  c.skip_shorts = true;
  ChannelFilter f(c);
  CHECK_FALSE(f.on_feed_entry("x", true).keep);
  CHECK_FALSE(f.on_metadata(40s, "not_live", "short").keep);
  c.skip_shorts = false;
  ChannelFilter keep_all(c);
  CHECK(keep_all.on_feed_entry("x", true).keep);
}

TEST_CASE("metadata filters: min_duration and skip_live") {
  Channel c;
  c.min_duration = 120s;
  c.skip_live = true;
  ChannelFilter f(c);
  auto short_one = f.on_metadata(90s, "not_live", "video");
  CHECK_FALSE(short_one.keep);
  CHECK(short_one.code == SkipCode::too_short);
  CHECK(to_string(short_one.code) == "too_short");
  CHECK(short_one.reason == "shorter (1:30) than min_duration 2m");
  CHECK(f.on_metadata(3600s, "not_live", "video").keep);
  CHECK_FALSE(f.on_metadata(3600s, "was_live", "video").keep);
  CHECK_FALSE(f.on_metadata(0s, "is_upcoming", "video").keep);
}
