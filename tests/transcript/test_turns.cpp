// Speakers' turns as captions carry them: ">>" in broadcast and automatic tracks (real ones, read at
// test time from ../shared/real-world/captions, see PROVENANCE.md there) and "NAME:" labels in
// creator tracks; kept through the transcript checkpoint.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/real_text.hpp"
#include "transcript/fetched_json.hpp"
#include "transcript/parse.hpp"

using namespace ytm;
using namespace ytm::transcript;

namespace {

std::vector<Segment> parsed(const std::string& file) {
  auto segments = parse_caption_file(test::real_caption(file));
  REQUIRE(segments);
  return *segments;
}

// "m:ss first words" of each segment that opens a turn.
std::vector<std::string> turns(const std::vector<Segment>& segments, std::size_t words = 3) {
  std::vector<std::string> out;
  for (const auto& s : segments) {
    if (!s.turn) continue;
    const int t = static_cast<int>(s.start);
    std::string head;
    std::size_t at = 0;
    for (std::size_t n = 0; n < words && at != std::string::npos; ++n) at = s.text.find(' ', at + 1);
    head = s.text.substr(0, at);
    out.push_back(std::to_string(t / 60) + ":" + (t % 60 < 10 ? "0" : "") + std::to_string(t % 60) + " " +
                  (s.speaker.empty() ? "" : s.speaker + ": ") + head);
  }
  return out;
}

}  // namespace

TEST_CASE("a broadcast track's >> turns each open a segment, once, the marker gone from the text") {
  const auto travel = parsed("scribesalad-8newsnow-travel-manual-en-2022.vtt");
  CHECK(turns(travel) == std::vector<std::string>{"0:16 GREAT TO BE", "0:24 YEAH, I H,THINK"});
  const auto credit = parsed("scribesalad-8newsnow-creditunion-manual-en-2022.vtt");
  CHECK(turns(credit).size() == 10);
  for (const auto& s : credit) CHECK(s.text.find(">>") == std::string::npos);
}

TEST_CASE("a 2026 automatic track's >> turns are four, though its roll-up cues repeat them") {
  const auto argentina = parsed("narrate-argentina-cbi-auto-en-2026.vtt");
  CHECK(turns(argentina, 2) == std::vector<std::string>{"6:09 You can", "6:17 Wow.", "6:21 Yes.", "6:21 there's extreme"});
}

TEST_CASE("a >> before a sound tag opens the turn of the speech after it") {
  const auto stream = parsed("vtuberlarping-stream-auto-en-2026-excerpt.vtt");
  for (const auto& s : stream) CHECK_FALSE((s.marker && s.turn));
  CHECK_FALSE(turns(stream).empty());
}

TEST_CASE("a creator track's NAME: labels are speakers when they recur, and a label said once stays text") {
  const std::string vtt =
      "WEBVTT\n\n"
      "00:00:01.000 --> 00:00:04.000\nSARAH GUO: Welcome back.\n\n"
      "00:00:04.000 --> 00:00:08.000\nElad: Good to be here. Remember: it is early.\n\n"
      "00:00:08.000 --> 00:00:12.000\nNote: this part was recorded later.\n\n"
      "00:00:12.000 --> 00:00:15.000\nSARAH GUO: So what changed?\n\n"
      "00:00:15.000 --> 00:00:19.000\nElad: Costs fell.\n";
  auto segments = parse_captions(vtt, CaptionFormat::vtt);
  REQUIRE(segments);
  CHECK(turns(*segments) ==
        std::vector<std::string>{"0:01 SARAH GUO: Welcome back.", "0:04 Elad: Good to be", "0:12 SARAH GUO: So what changed?",
                                 "0:15 Elad: Costs fell."});
  // The speaker stays on the sentences after the label, up to the next turn.
  REQUIRE(segments->size() == 6);
  CHECK((*segments)[2].text == "Remember: it is early.");
  CHECK((*segments)[2].speaker == "Elad");
  CHECK_FALSE((*segments)[2].turn);
  CHECK((*segments)[3].text == "Note: this part was recorded later.");
  CHECK((*segments)[3].speaker == "Elad");

  // The transcript checkpoint keeps them: a restart asks the model with the same turns.
  FetchedVideo video;
  video.transcript.segments = *segments;
  const auto back = fetched_from_json(nlohmann::json::parse(fetched_to_json(video).dump()));
  CHECK(turns(back.transcript.segments) == turns(*segments));
}
