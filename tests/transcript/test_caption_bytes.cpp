// Caption text that is not valid UTF-8 (a Latin-1 track, stray bytes, a cut file) or that names a
// lone surrogate (&#xD800;) is repaired where it enters: the transcript can always be stored as JSON.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/utf8.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"
#include "transcript/classify.hpp"
#include "transcript/metadata.hpp"
#include "transcript/parse.hpp"

using namespace ytm::transcript;

namespace {

const std::string fffd = "\xEF\xBF\xBD";
// A Latin-1 "é", the bytes 0xFF 0xFE, and a lone surrogate by entity.
const std::string bad_text = "caf\xE9 \xFF\xFE ok &#xD800;done";
const std::string repaired = "caf" + fffd + " " + fffd + fffd + " ok done";

struct Sample {
  const char* name;
  CaptionFormat format;
  std::string content;
};

std::vector<Sample> samples() {
  return {
      {"track.json3", CaptionFormat::json3,
       R"({"events":[{"tStartMs":0,"dDurationMs":2000,"segs":[{"utf8":")" + bad_text + R"("}]}]})"},
      {"track.vtt", CaptionFormat::vtt, "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n" + bad_text + "\n"},
      {"track.srv1", CaptionFormat::srv1,
       R"(<?xml version="1.0" encoding="utf-8" ?><transcript><text start="0" dur="2">)" + bad_text +
           "</text></transcript>"},
      {"track.srv3", CaptionFormat::srv3,
       R"(<?xml version="1.0" encoding="utf-8" ?><timedtext format="3"><body><p t="0" d="2000">)" + bad_text +
           "</p></body></timedtext>"},
      {"track.ttml", CaptionFormat::ttml,
       R"(<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="0s" end="2s">)" + bad_text +
           "</p></div></body></tt>"},
      {"whisper.json", CaptionFormat::whisper_json,
       R"({"transcription":[{"offsets":{"from":0,"to":2000},"text":" )" + bad_text + R"("}]})"},
  };
}

std::string all_text(const std::vector<Segment>& segments) {
  std::string out;
  for (const auto& s : segments) out += s.text;
  return out;
}

}  // namespace

TEST_CASE("every caption format: bytes that are not UTF-8 become U+FFFD and a lone surrogate reference is dropped") {
  for (const auto& sample : samples()) {
    INFO(sample.name);
    auto segments = parse_captions(sample.content, sample.format);
    REQUIRE(segments.ok());
    CHECK(all_text(*segments) == repaired);
    CHECK_NOTHROW(nlohmann::json{{"segments", all_text(*segments)}}.dump());
  }
}

TEST_CASE("XML captions: a lone surrogate written as a character reference (single or double escaped) is dropped") {
  for (const char* reference : {"&#xD800;", "&#55296;", "&amp;#xDFFF;", "&#xDBFF;&#xDBFF;"}) {
    INFO(reference);
    const std::string srv1 =
        std::string(R"(<transcript><text start="0" dur="2">a)") + reference + "b</text></transcript>";
    auto segments = parse_captions(srv1, CaptionFormat::srv1);
    REQUIRE(segments.ok());
    CHECK(all_text(*segments) == "ab");
    CHECK(ytm::is_valid_utf8(all_text(*segments)));
  }
}

TEST_CASE("ytmonitor transcript --json prints valid JSON for caption files with invalid bytes in each format") {
  ytm::test::TempDir dir;
  for (const auto& sample : samples()) {
    INFO(sample.name);
    auto r = ytm::test::ytmonitor({"transcript", "--json", dir.write(sample.name, sample.content).string()});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, !Catch::Contains("json.exception"));
    REQUIRE(nlohmann::json::accept(r.out));
    CHECK(nlohmann::json::parse(r.out)["transcript"]["segments"][0]["text"] == repaired);
  }
}

TEST_CASE("ytmonitor transcript --json of a file whose name is not UTF-8 prints valid JSON") {
  ytm::test::TempDir dir;
  auto file = dir.write("caf\xE9.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nhello\n");
  auto r = ytm::test::ytmonitor({"transcript", "--json", file.string()});
  CHECK(r.exit_code == 0);
  REQUIRE(nlohmann::json::accept(r.out));
  CHECK(nlohmann::json::parse(r.out)["transcript"]["track"] == "caf" + fffd + ".vtt");
}

TEST_CASE("yt-dlp's info JSON with bytes that are not UTF-8 still reads, its title repaired") {
  const std::string info = R"({"id":"abcdefghijk","title":"Caf)" + std::string("\xE9 \xFF") + R"(","channel":"C"})";
  auto parsed = parse_info_json(info);
  REQUIRE(parsed.ok());
  CHECK(parsed->metadata.title == "Caf" + fffd + " " + fffd);
}

TEST_CASE("yt-dlp's error message with bytes that are not UTF-8 is quoted as valid text") {
  auto failure = classify_ytdlp_failure({1, "ERROR: [youtube] abc: Video unavailable \xFF\xFE\n", false, false, 0});
  CHECK(ytm::is_valid_utf8(failure.message));
  CHECK_THAT(failure.message, Catch::Contains("unavailable " + fffd + fffd));
}

TEST_CASE("a cue nesting 100,000 elements (srv1, srv3, TTML) is read without running out of stack") {
  std::string open;
  std::string close;
  for (int i = 0; i < 100000; ++i) {
    open += "<span>";
    close += "</span>";
  }
  const std::string words = open + "deep words" + close;
  const std::vector<std::pair<CaptionFormat, std::string>> files = {
      {CaptionFormat::srv1, R"(<transcript><text start="1" dur="2">)" + words + "</text></transcript>"},
      {CaptionFormat::srv3, R"(<timedtext format="3"><body><p t="1000" d="2000">)" + words + "</p></body></timedtext>"},
      {CaptionFormat::ttml, R"(<tt xmlns="http://www.w3.org/ns/ttml"><body>)" + std::string(100000, ' ') + "<div>" +
                                open + R"(<p begin="1s" end="3s">)" + words + "</p>" + close + "</div></body></tt>"},
  };
  for (const auto& [format, content] : files) {
    INFO(to_string(format));
    auto segments = parse_captions(content, format);
    REQUIRE(segments.ok());
    REQUIRE(segments->size() == 1);
    CHECK((*segments)[0].text == "deep words");
    CHECK((*segments)[0].start == Approx(1.0));
  }
}

TEST_CASE("caption errors name the place: XML line and column, whisper's item, times no video has") {
  auto xml = parse_captions("<transcript>\n<text start=\"1\">a</text>\n<text start=\"2\">b</txt>\n</transcript>",
                            CaptionFormat::srv1);
  REQUIRE_FALSE(xml.ok());
  CHECK_THAT(xml.failure().message, Catch::StartsWith("srv1 captions: not valid XML: line 3, column ") &&
                                        Catch::Contains("(byte ") && Catch::Contains("mismatch"));
  auto srv3 =
      parse_captions("<timedtext><body>\n<p t=\"0\">a</p>\n  <p d=\"5\">b</p></body></timedtext>", CaptionFormat::srv3);
  REQUIRE_FALSE(srv3.ok());
  CHECK(srv3.failure().message == "srv3 captions: line 3, column 4: <p> number 2: no t=\"ms\" attribute");
  auto text_number = parse_captions(R"({"transcription":[{"offsets":{"from":0,"to":1},"text":" ok"},
    {"offsets":{"from":1,"to":2},"text":5}]})",
                                    CaptionFormat::whisper_json);
  REQUIRE_FALSE(text_number.ok());
  CHECK(text_number.failure().message ==
        "whisper-json captions: transcription item 2: \"text\" is number, not a string");
  auto not_json = parse_captions("{\"transcription\": [}", CaptionFormat::whisper_json);
  REQUIRE_FALSE(not_json.ok());
  CHECK_THAT(not_json.failure().message,
             Catch::StartsWith("whisper-json captions: not valid JSON: parse error at line 1, column 20"));
  auto huge = parse_captions("<tt><body><p begin=\"1e300h\" end=\"1e301h\">far</p></body></tt>", CaptionFormat::ttml);
  REQUIRE_FALSE(huge.ok());
  CHECK_THAT(huge.failure().message, Catch::Contains("cue 1 of 1") && Catch::Contains("is not a time in a video"));
}

// Found by fuzz_whisper_json: nlohmann throws out_of_range, not parse_error, for a number past a double.
TEST_CASE("a number too large for a double in whisper or info JSON is an error, not an exception") {
  auto whisper = parse_captions(R"({"transcription":[{"offsets":{"from":0,"to":1e400},"text":" a"}]})",
                                CaptionFormat::whisper_json);
  REQUIRE_FALSE(whisper.ok());
  CHECK_THAT(whisper.failure().message,
             Catch::StartsWith("whisper-json captions: not valid JSON: number overflow") && Catch::Contains("1e400"));
  auto info = parse_info_json(R"({"id":"abcdefghijk","duration":-1e999})");
  REQUIRE_FALSE(info.ok());
  CHECK(info.failure().code == ytm::FailureCode::bad_info_json);
  CHECK_THAT(info.failure().message, Catch::Contains("number overflow"));
}

TEST_CASE("info JSON counts and times no video has are treated as absent") {
  auto info = parse_info_json(R"({"id":"abcdefghijk","duration":1e300,"view_count":1e300,"timestamp":-1e30,
    "chapters":[{"start_time":-5,"end_time":1e12,"title":"far"}]})");
  REQUIRE(info.ok());
  CHECK(info->metadata.duration == 0);
  CHECK_FALSE(info->metadata.view_count);
  CHECK_FALSE(info->metadata.timestamp);
  REQUIRE(info->metadata.chapters.size() == 1);
  CHECK(info->metadata.chapters[0].start == 0);
  CHECK(info->metadata.chapters[0].end == 0);
}
