// Caption files as yt-dlp writes them for videos that were live streams (the akcho-lacouncil-*
// excerpts of one such file in ../shared/real-world/captions; see PROVENANCE.md): no WEBVTT header,
// cue times past 24 hours, words cut into chunks timed from the stream segment, three-line
// roll-ups, and HLS segments glued together with their own headers and times starting again.
// Each is read, every word once, in order, with times that never go backwards.
#include <catch2/catch.hpp>

#include <filesystem>

#include "transcript/parse.hpp"

using namespace ytm::transcript;
namespace fs = std::filesystem;

namespace {

const fs::path real_captions = fs::path(YTM_SOURCE_DIR) / ".." / "shared" / "real-world" / "captions";

std::vector<Segment> read_real(const std::string& name) {
  auto segments = parse_caption_file(real_captions / name);
  if (!segments) FAIL(segments.failure().message);
  return *segments;
}

std::string spoken_text(const std::vector<Segment>& segments) {
  std::string text;
  for (const auto& s : segments) text += (text.empty() ? "" : " ") + s.text;
  return text;
}

void check_times_go_forward(const std::vector<Segment>& segments) {
  for (std::size_t i = 0; i < segments.size(); ++i) {
    INFO("segment " << i << ": " << segments[i].text);
    CHECK(segments[i].end >= segments[i].start);
    if (i > 0) CHECK(segments[i].start >= segments[i - 1].start);
  }
}

}  // namespace

TEST_CASE("a live stream's captions without a WEBVTT header: chunked words once each, in three-line roll-ups") {
  auto segments = read_real("akcho-lacouncil-live-auto-en-2025-head-excerpt.vtt");
  CHECK(spoken_text(segments) ==
        "And there will be no roll call at this time. Or we can do a roll call. Okay, Mr. Clerk, why don't we open "
        "up? Roll. Thank you, Mr. Chair. Council member. Nazarian. Present. Council member. Yaroslavsky is currently "
        "absent. Council member Gerardo is currently absent. Council member Raman is currently absent and council "
        "member Padilla present. Two members and any item approved right now will be from a communication from the "
        "chair and member. Thank you very much. So as such what I was we have");
  REQUIRE(segments.size() > 2);
  CHECK(segments.front().text == "And there will be no roll call at this time.");
  CHECK(segments.front().start == Approx(116.432));  // 01:56.432, the file's first cue
  CHECK(segments.back().text == "So as such what I was we have");
  CHECK(segments.back().start == Approx(153.168));  // 02:33.168
  CHECK(segments.back().end == Approx(156.338));
  check_times_go_forward(segments);
}

TEST_CASE("a live stream's cue times past 24 hours are read as they are") {
  auto segments = read_real("akcho-lacouncil-live-auto-en-2025-hourjump-excerpt.vtt");
  CHECK(spoken_text(segments) ==
        "think these are certain opportunities that if you utilize, say, solar power, renewable energy, they could "
        "actually solve the problem of energy and also accessibility que era, eh, le pertenecía a la ciudad para "
        "poder hacer el mejor uso de del uso de espacios verdes. Estamos escuchando mucho sobre los eh");
  REQUIRE(segments.size() == 3);
  CHECK(segments[0].start == Approx(23 * 60 + 22.650));
  CHECK(segments[0].end <= Approx(23 * 60 + 26.939));
  CHECK(segments[1].text == "que era, eh, le pertenecía a la ciudad para poder hacer el mejor uso de del uso de espacios "
                            "verdes.");
  CHECK(segments[1].start == Approx(26 * 3600 + 52 * 60 + 14.140));  // 26:52:14.140
  CHECK(segments[2].text == "Estamos escuchando mucho sobre los eh");
  CHECK(segments[2].start > 26 * 3600 + 52 * 60 + 14.890);  // inside the cue that says it
  CHECK(segments[2].start < 26 * 3600 + 52 * 60 + 18.760);
  CHECK(segments[2].end == Approx(26 * 3600 + 52 * 60 + 21.363));
  check_times_go_forward(segments);
}

TEST_CASE("HLS segments glued into one file: each placed after the one before, no words lost or repeated at the seams") {
  auto segments = read_real("akcho-lacouncil-live-auto-en-2025-fragments-excerpt.vtt");
  CHECK(spoken_text(segments) ==
        "distancia eliminado es posible de tener una un periodo de transición para evitar un costo alto. Si el "
        "programa es eliminado. Si votamos. Nuestra call me, you know, he need a car wash. I wash, car wash and then "
        "he pay me $10 per hour. I say, thank you very much for your service, officer Sabra. So we are very thankful "
        "for our $10 per hour job, $5 per hour job. Because compared to what I. What I worked in the communist "
        "country, which is the only pay me $2 per hour, I will say, Thank God, thank Jesus Christ, thank America, "
        "thank every, thank LAPD officer, thank our council member, everybody. Thank you. So we are very thankful "
        "for our $5 per hour job. Be");
  REQUIRE_FALSE(segments.empty());
  const double first_cue = 27 * 3600 + 16 * 60 + 41.789;  // 27:16:41.789
  CHECK(segments.front().start == Approx(first_cue));
  // The first segment begins where the cues before it end (27:16:56.170); each next one by its
  // MPEG-TS time, 5 s after the one before; "Be" is said at 3.958 s into the fifth.
  const double first_segment = 27 * 3600 + 16 * 60 + 56.170;
  CHECK(segments.back().text == "Be");
  CHECK(segments.back().start == Approx(first_segment + 4 * 5.0 + 3.958));
  CHECK(segments.back().end == Approx(first_segment + 4 * 5.0 + 5.0));
  check_times_go_forward(segments);
}
