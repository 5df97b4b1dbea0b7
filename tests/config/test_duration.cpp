#include <catch2/catch.hpp>

#include "core/duration.hpp"

using namespace std::chrono_literals;
using ytm::parse_duration;

TEST_CASE("durations read the way people write them") {
  CHECK(parse_duration("90s") == 90s);
  CHECK(parse_duration("15m") == 15min);
  CHECK(parse_duration("2h") == 2h);
  CHECK(parse_duration("1d") == 24h);
  CHECK(parse_duration("1h30m") == 90min);
  CHECK(parse_duration("250ms") == 250ms);
  CHECK(parse_duration("0s") == 0s);
}

TEST_CASE("durations without a unit or with a wrong one are refused") {
  for (const char* bad : {"", "15", "m", "15 m", "1.5h", "-5m", "15min", "2x", "h1", "99999999999s"}) {
    INFO(bad);
    CHECK_FALSE(parse_duration(bad).has_value());
  }
}

TEST_CASE("durations print back in the form they are read") {
  CHECK(ytm::format_duration(15min) == "15m");
  CHECK(ytm::format_duration(90min) == "1h30m");
  CHECK(ytm::format_duration(1500ms) == "1s500ms");
  CHECK(ytm::format_duration(4min + 39s + 844ms) == "4m40s");  // a retry's wait, as the log shows it
  CHECK(ytm::format_duration(6h + 499ms) == "6h");
  CHECK(parse_duration(ytm::format_duration(26h + 3min + 4s)) == 26h + 3min + 4s);
}

TEST_CASE("video clock times have hours only when needed") {
  CHECK(ytm::format_clock(0s) == "0:00");
  CHECK(ytm::format_clock(498s) == "8:18");
  CHECK(ytm::format_clock(3861s) == "1:04:21");
}
