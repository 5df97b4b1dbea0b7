// A video's SponsorBlock segments through the real HTTP client and store, against the stand-in API
// on loopback (tests/fakes/fake_sponsorblock): hash-prefix buckets with other videos, 404, 503,
// answers that are not JSON, slowness, and the day the store keeps an answer.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include "core/blocking.hpp"
#include "core/run_to_end.hpp"
#include "net/http_client.hpp"
#include "pipeline/measure.hpp"
#include "sponsorblock/lookup.hpp"
#include "sponsorblock/segments.hpp"
#include "store/store.hpp"
#include "support/fake_sponsorblock.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::pipeline::SponsorReport;

namespace {

constexpr ytm::UnixTime day = 24 * 3600;
constexpr ytm::UnixTime t0 = 1'800'000'000;

struct Lookups {
  ytm::test::TempDir dir;
  ytm::test::FakeSponsorblock api;
  boost::asio::io_context io{1};
  ytm::BlockingPool pool{1};
  ytm::store::Store store{dir / "state.db"};
  ytm::net::HttpClient http{io.get_executor(), {}};
  ytm::config::SponsorblockSettings settings;

  Lookups() { settings.base_url = api.base_url(); }

  SponsorReport look_up(const std::string& id, double duration, ytm::UnixTime now) {
    io.restart();
    return ytm::run_to_end(io, ytm::sponsorblock::look_up(&pool, &store, &http, settings, id, duration, now));
  }
};

json segment(double start, double end, const std::string& category, double duration) {
  return {{"segment", {start, end}}, {"category", category}, {"videoDuration", duration}};
}

}  // namespace

TEST_CASE("the request names a 4-hex hash prefix, and our video's segments are picked out of its bucket") {
  Lookups f;
  f.api.submit({{"talk0000001",
                 {segment(300.5, 390.0, "sponsor", 1200.4), segment(30, 35, "interaction", 1200),
                  segment(1000, 1010, "outro", 1200), segment(600, 660, "sponsor", 1500)}}});
  auto report = f.look_up("talk0000001", 1200, t0);
  CHECK(report.state == ytm::pipeline::SponsorState::used);
  CHECK(report.action == ytm::config::SponsorAction::skip);
  // The bucket held two other videos with sponsor segments; the outro was not asked for; the
  // segment submitted for a 1500-second cut of the video is dropped.
  REQUIRE(report.segments.size() == 2);
  CHECK(report.segments[0].start == 30);
  CHECK(report.segments[0].category == "interaction");
  CHECK(report.segments[1].start == 300.5);
  CHECK(report.segments[1].end == 390);
  const auto requests = f.api.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0] == "/api/skipSegments/" + ytm::sponsorblock::hash_prefix("talk0000001") +
                           "?categories=%5B%22sponsor%22%2C%22selfpromo%22%2C%22interaction%22%5D"
                           "&actionTypes=%5B%22skip%22%2C%22mute%22%5D");
  CHECK(ytm::sponsorblock::hash_prefix("talk0000001").size() == 4);
}

TEST_CASE("a 404 is an answer, no segments, kept for a day and then asked again") {
  Lookups f;
  f.api.mode("ok");
  f.settings.categories = {"music_offtopic"};  // nothing in the bucket has any: 404
  auto first = f.look_up("talk0000002", 600, t0);
  CHECK(first.state == ytm::pipeline::SponsorState::used);
  CHECK(first.segments.empty());
  auto within_a_day = f.look_up("talk0000002", 600, t0 + day - 1);
  CHECK(within_a_day.state == ytm::pipeline::SponsorState::used);
  CHECK(f.api.requests().size() == 1);
  // Segments are often submitted after upload: a day later it is asked again and they count.
  f.api.submit({{"talk0000002", {segment(10, 40, "music_offtopic", 600)}}});
  auto next_day = f.look_up("talk0000002", 600, t0 + day);
  CHECK(f.api.requests().size() == 2);
  REQUIRE(next_day.segments.size() == 1);
  CHECK(next_day.segments[0].end == 40);
}

TEST_CASE("SponsorBlock down, odd or slow: one try, no segments, and the reason for the footer") {
  Lookups f;
  f.api.mode("error");
  auto down = f.look_up("talk0000003", 600, t0);
  CHECK(down.state == ytm::pipeline::SponsorState::unavailable);
  CHECK(down.problem == "HTTP 503");
  CHECK(down.segments.empty());
  f.api.mode("garbage");
  CHECK(f.look_up("talk0000003", 600, t0).problem == "an answer that is not SponsorBlock's JSON");
  f.api.mode("slow");
  f.settings.timeout = 1s;  // the default is 10 s; what matters is that it is one timeout, once
  auto slow = f.look_up("talk0000003", 600, t0);
  CHECK(slow.problem == "timeout");
  CHECK(f.api.requests().size() == 3);
  // Nothing failed is kept: when it answers again, it is asked.
  f.api.mode("ok");
  f.api.submit({{"talk0000003", {segment(5, 25, "selfpromo", 600)}}});
  CHECK(f.look_up("talk0000003", 600, t0).segments.size() == 1);
}

TEST_CASE("an answer older than a day is used when SponsorBlock cannot be asked again") {
  Lookups f;
  f.api.submit({{"talk0000004", {segment(100, 160, "sponsor", 900)}}});
  REQUIRE(f.look_up("talk0000004", 900, t0).segments.size() == 1);
  f.api.mode("error");
  auto later = f.look_up("talk0000004", 900, t0 + 3 * day);
  CHECK(later.state == ytm::pipeline::SponsorState::used);
  CHECK(later.segments.size() == 1);
}

TEST_CASE("skip leaves the caption lines mostly inside a segment out and counts their tokens, mark keeps them") {
  std::vector<ytm::pipeline::Segment> lines;
  for (int i = 0; i < 10; ++i) {
    lines.push_back({i * 10.0, i * 10.0 + 10, "Sentence number " + std::to_string(i) + " of this talk.", "", false});
  }
  SponsorReport report{ytm::pipeline::SponsorState::used, ytm::config::SponsorAction::skip, "", {{22, 51, "sponsor"}}, 0};
  auto skipped = lines;
  ytm::sponsorblock::apply(report, skipped);
  // 20–30 overlaps by 8 s of 10 (out), 30–40 and 40–50 inside, 50–60 by 1 s (kept).
  REQUIRE(skipped.size() == 7);
  CHECK(skipped[2].start == 50);
  CHECK(report.tokens_saved == 3 * ytm::pipeline::estimate_tokens("Sentence number 2 of this talk."));

  SponsorReport marked{ytm::pipeline::SponsorState::used, ytm::config::SponsorAction::mark, "", {{22, 51, "sponsor"}}, 0};
  auto kept = lines;
  ytm::sponsorblock::apply(marked, kept);
  CHECK(kept.size() == 10);
  CHECK(marked.tokens_saved == 0);
}
