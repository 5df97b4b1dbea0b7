// The json3 reader reads field by field without a JSON tree: it must still read every valid
// layout, refuse what is not JSON and say where, and never crash on a broken download.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "transcript/parse.hpp"

using namespace ytm::transcript;

namespace {

CueTrack read_ok(const std::string& json) {
  auto track = read_json3(json);
  if (!track) FAIL(track.failure().message);
  return *track;
}

std::string message_for(const std::string& json) {
  auto track = read_json3(json);
  REQUIRE_FALSE(track.ok());
  CHECK(track.failure().code == ytm::FailureCode::bad_captions);
  return track.failure().message;
}

std::string fixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(YTM_TESTS_DIR) / "fixtures" / "captions" / name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

TEST_CASE("json3: fields in any order, unknown values of any shape skipped") {
  auto track = read_ok(R"({"pens": [{"b": [1, {"c": null}]}], "events": [
    {"segs": [{"acAsrConf": 0, "utf8": "hello"}, {"tOffsetMs": 250, "utf8": " world"}], "wWinId": {"x": [true]},
     "dDurationMs": 1000, "tStartMs": 2000},
    {"tStartMs": 3000, "aAppend": 1, "segs": [{"utf8": "\n"}]},
    {"tStartMs": 0, "id": 1, "wpWinPosId": 1}], "wireMagic": "pb3"})");
  REQUIRE(track.cues.size() == 1);
  const auto& cue = track.cues[0];
  CHECK(cue.start == Approx(2.0));
  CHECK(cue.end == Approx(3.0));
  REQUIRE(cue.lines.size() == 1);
  REQUIRE(cue.lines[0].words.size() == 2);
  CHECK(cue.lines[0].words[0].text == "hello");
  CHECK(cue.lines[0].words[1].text == " world");
  CHECK(cue.lines[0].words[1].start == Approx(2.25));
  CHECK(cue.lines[0].timed);
}

TEST_CASE("json3: escapes decoded, a newline inside a seg starts a line") {
  auto track = read_ok(R"({"events": [{"tStartMs": 0,
    "segs": [{"utf8": "caf\u00e9 \ud83d\ude00 \"q\" a\/b\nnext"}]}]})");
  REQUIRE(track.cues.size() == 1);
  REQUIRE(track.cues[0].lines.size() == 2);
  CHECK(track.cues[0].lines[0].words[0].text == "café 😀 \"q\" a/b");
  CHECK(track.cues[0].lines[1].words[0].text == "next");
}

TEST_CASE("json3: a repeated key counts once, the last as in a JSON tree") {
  auto track = read_ok(R"({"events": [{"tStartMs": 1000, "tStartMs": 4000,
    "segs": [{"utf8": "gone"}], "segs": [{"utf8": 5, "utf8": "kept"}, {"utf8": "dropped", "utf8": 5}]}]})");
  REQUIRE(track.cues.size() == 1);
  CHECK(track.cues[0].start == Approx(4.0));
  REQUIRE(track.cues[0].lines[0].words.size() == 1);
  CHECK(track.cues[0].lines[0].words[0].text == "kept");
}

TEST_CASE("json3: what is wrong is said with its place") {
  CHECK_THAT(message_for(R"({"events": [{"tStartMs": 0, "segs": []}, {"segs": [{"utf8": "a"}]}]})"),
             Catch::Equals("json3 captions: line 1, column 42: event 2: no tStartMs"));
  CHECK_THAT(message_for(R"({"events": {}})"), Catch::Contains("no \"events\" list"));
  CHECK_THAT(message_for("[1, 2]"), Catch::Contains("no \"events\" list"));
  CHECK_THAT(message_for("{\"events\": [\n  {\"tStartMs\": 0,}\n]}"),
             Catch::StartsWith("json3 captions: not valid JSON: line 2, column 18"));
  CHECK_THAT(message_for(R"({"events": [{"tStartMs": 01}]})"), Catch::Contains("not valid JSON"));
  CHECK_THAT(message_for(R"({"events": ["\ud83d"]})"), Catch::Contains("surrogate"));
  CHECK_THAT(message_for("{\"events\": [\"\xC0\xAF\"]}"), Catch::Contains("UTF-8"));
  CHECK_THAT(message_for(R"({"events": []} trailing)"), Catch::Contains("after the JSON value"));
  // A tree parser would have thrown past its parse_error handler here.
  CHECK_THAT(message_for(R"({"events": [{"tStartMs": 1e400, "segs": []}]})"), Catch::Contains("out of range"));
  // Syntax comes first: an event fault is not reported for a file that is not JSON.
  CHECK_THAT(message_for(R"({"events": [{"segs": [{"utf8": "a"}]}, )"), Catch::Contains("not valid JSON"));
}

TEST_CASE("json3: NUL padding after the document is ignored") {
  std::string padded = R"({"events": [{"tStartMs": 0, "segs": [{"utf8": "a"}]}]})";
  padded.append(8, '\0');
  CHECK(read_ok(padded).cues.size() == 1);
}

TEST_CASE("json3: every truncation of a real file is an error or a track, never a crash") {
  auto content = fixture("auto_en.json3");
  REQUIRE(content.size() > 500);
  const auto closed = content.rfind('}') + 1;
  std::size_t refused = 0;
  for (std::size_t n = 0; n < closed; ++n) {
    auto track = read_json3(std::string_view(content).substr(0, n));
    if (!track) ++refused;
  }
  CHECK(refused == closed);
  std::string deep(200000, '[');
  CHECK_THAT(message_for(deep), Catch::Contains("not valid JSON"));
  CHECK_THAT(message_for(deep + std::string(200000, ']')), Catch::Contains("no \"events\" list"));
}

TEST_CASE("json3: an object without events (a track YouTube withheld) reads as no cues, other shapes stay errors") {
  CHECK(read_ok(R"({"wireMagic":"pb3","pens":[{}],"wsWinStyles":[{}],"wpWinPositions":[{}]})").cues.empty());
  CHECK(read_ok("{}").cues.empty());
  CHECK(read_ok(R"({"events": []})").cues.empty());
  CHECK_THAT(message_for(R"({"events": null})"), Catch::Contains("no \"events\" list"));
  CHECK_THAT(message_for(R"({"wireMagic":"pb3")"), Catch::Contains("not valid JSON"));
}
