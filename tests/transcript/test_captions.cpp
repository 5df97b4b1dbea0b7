#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "generated_captions.hpp"
#include "support/temp_dir.hpp"
#include "transcript/parse.hpp"

using namespace ytm::transcript;

namespace {

const std::filesystem::path fixtures = std::filesystem::path(YTM_TESTS_DIR) / "fixtures" / "captions";

std::vector<Segment> parse_fixture(const std::string& name) {
  auto parsed = parse_caption_file(fixtures / name);
  if (!parsed) FAIL(parsed.failure().message);
  return *parsed;
}

std::vector<std::string> texts(const std::vector<Segment>& segments) {
  std::vector<std::string> out;
  for (const auto& s : segments) out.push_back(s.marker ? "<" + s.text + ">" : s.text);
  return out;
}

std::vector<std::string> spoken_words(const std::vector<Segment>& segments) {
  std::vector<std::string> words;
  for (const auto& s : segments) {
    if (s.marker) continue;
    std::istringstream in(s.text);
    for (std::string w; in >> w;) words.push_back(w);
  }
  return words;
}

const std::vector<std::string> automatic_english = {
    "<[Music]>", "so today we're going to talk about AT&T's new chip and why it matters okay", "yeah that's right",
    "<[Applause]>"};

}  // namespace

TEST_CASE("automatic WebVTT: rolling repeats removed, each word once, timing tags and entities decoded") {
  auto segments = parse_fixture("auto_en.vtt");
  CHECK(texts(segments) == automatic_english);
  REQUIRE(segments.size() == 4);
  CHECK(segments[0].marker);
  CHECK(segments[0].start == Approx(0.0));
  CHECK(segments[1].start == Approx(3.0));
  CHECK(segments[1].end == Approx(12.0));
  CHECK(segments[2].start == Approx(14.8));
  CHECK(segments[3].marker);
  CHECK(segments[3].start == Approx(17.0));
}

TEST_CASE("automatic json3: layout events skipped, missing durations tolerated, same words as the WebVTT") {
  auto segments = parse_fixture("auto_en.json3");
  CHECK(texts(segments) == automatic_english);
  REQUIRE(segments.size() == 4);
  CHECK(segments[1].start == Approx(3.0));
  CHECK(segments[2].start == Approx(14.8));
  CHECK(segments[3].end > segments[3].start);
}

TEST_CASE("automatic srv3: <s> words with offsets read like json3") {
  auto segments = parse_fixture("auto_en.srv3");
  CHECK(texts(segments) == automatic_english);
  REQUIRE(segments.size() == 4);
  CHECK(segments[1].start == Approx(3.0));
}

TEST_CASE("creator WebVTT: multi-line, overlapping, empty and duplicated cues, tags and entities") {
  auto segments = parse_fixture("creator_en.vtt");
  CHECK(texts(segments) == std::vector<std::string>{"Welcome back to the show.", "I'm your host, Dana.",
                                                    "Today we look at three things: chips, power & cooling.",
                                                    "<[Applause]>",
                                                    "Let's start with chips... they're smaller than ever > 3nm now.",
                                                    "Mr. Smith agrees.", "Do you?"});
  REQUIRE(segments.size() == 7);
  CHECK(segments[0].start == Approx(1.0));
  CHECK(segments[1].start > 1.5);
  CHECK(segments[1].end <= 4.0);
  CHECK(segments[3].start == Approx(8.0));
  CHECK(segments[4].start == Approx(9.5));
  CHECK(segments[6].end == Approx(16.0));
}

TEST_CASE("CJK automatic captions join without spaces and split at 。") {
  auto segments = parse_fixture("auto_ja.vtt");
  CHECK(texts(segments) == std::vector<std::string>{"今日は新しいチップについて話します。", "よろしくお願いします。"});
  REQUIRE(segments.size() == 2);
  CHECK(segments[1].start == Approx(3.0));
}

TEST_CASE("TTML: clock, offset and frame times, <br/> and <span>, CJK and markers") {
  auto segments = parse_fixture("creator_zh.ttml");
  CHECK(texts(segments) ==
        std::vector<std::string>{"大家好，欢迎回来。", "今天我们聊聊芯片&能源。", "<[音乐]>", "Thanks for watching!"});
  REQUIRE(segments.size() == 4);
  CHECK(segments[1].start == Approx(3.2));
  CHECK(segments[2].start == Approx(6.0));
  CHECK(segments[2].end == Approx(8.0));
}

TEST_CASE("srv1 transcripts with double-encoded entities") {
  std::string xml =
      R"(<?xml version="1.0" encoding="utf-8" ?><transcript><text start="0.5" dur="2.1">it&amp;#39;s a &amp;quot;test&amp;quot;</text>)"
      R"(<text start="2.6" dur="1.4">of srv1.</text></transcript>)";
  auto parsed = parse_captions(xml, CaptionFormat::srv1);
  REQUIRE(parsed.ok());
  CHECK(texts(*parsed) == std::vector<std::string>{"it's a \"test\" of srv1."});
  CHECK((*parsed)[0].start == Approx(0.5));
  CHECK((*parsed)[0].end == Approx(4.0));
}

TEST_CASE("whisper.cpp JSON: silence dropped, sentences merged across items, markers apart") {
  auto segments = parse_fixture("whisper.json");
  CHECK(texts(segments) == std::vector<std::string>{"Hello and welcome to the channel.",
                                                    "Today we test the whisper fallback, which runs when a video has "
                                                    "no captions.",
                                                    "<(music)>"});
  REQUIRE(segments.size() == 3);
  CHECK(segments[0].start == Approx(2.0));
  CHECK(segments[1].start == Approx(5.5));
  CHECK(segments[1].end == Approx(11.0));
}

TEST_CASE("rolling creator tracks (converted live captions) are deduplicated too") {
  std::string vtt = "WEBVTT\n\n";
  const char* lines[] = {"WELCOME TO THE", "NIGHTLY NEWS AT", "SIX O'CLOCK WITH", "OUR TOP STORY", "TONIGHT."};
  std::string previous;
  for (int i = 0; i < 5; ++i) {
    vtt += "00:00:0" + std::to_string(i) + ".000 --> 00:00:0" + std::to_string(i + 1) + ".000\n";
    if (!previous.empty()) vtt += previous + "\n";
    vtt += std::string(lines[i]) + "\n\n";
    previous = lines[i];
  }
  auto parsed = parse_captions(vtt, CaptionFormat::vtt);
  REQUIRE(parsed.ok());
  CHECK(texts(*parsed) ==
        std::vector<std::string>{"WELCOME TO THE NIGHTLY NEWS AT SIX O'CLOCK WITH OUR TOP STORY TONIGHT."});
}

TEST_CASE("a 3-hour automatic track keeps every word once, in order, in sentence-sized segments") {
  auto generated = ytm::test::generate_automatic_captions(180);
  for (auto format : {CaptionFormat::vtt, CaptionFormat::json3}) {
    INFO(to_string(format));
    auto parsed = parse_captions(format == CaptionFormat::vtt ? generated.vtt : generated.json3, format);
    REQUIRE(parsed.ok());
    const auto& segments = *parsed;
    auto words = spoken_words(segments);
    CHECK(words.size() == generated.words.size());
    CHECK(words == generated.words);
    CHECK(segments.back().start > 179 * 60);
    std::size_t longest = 0;
    for (const auto& s : segments) longest = std::max(longest, s.text.size());
    CHECK(longest <= 360);
    CHECK(segments.size() > generated.words.size() / 60);
    CHECK(std::is_sorted(segments.begin(), segments.end(),
                         [](const Segment& a, const Segment& b) { return a.start < b.start; }));
  }
}

TEST_CASE("broken caption files give an error that says where and why") {
  auto vtt = parse_captions("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:00:03.000 --> soon\nbad\n",
                            CaptionFormat::vtt);
  REQUIRE_FALSE(vtt.ok());
  CHECK(vtt.failure().code == ytm::FailureCode::bad_captions);
  CHECK(vtt.failure().kind == ytm::FailureKind::permanent);
  CHECK_THAT(vtt.failure().message, Catch::Contains("line 6") && Catch::Contains("bad cue timing"));

  auto not_vtt = parse_captions("<html>oops</html>", CaptionFormat::vtt);
  REQUIRE_FALSE(not_vtt.ok());
  CHECK_THAT(not_vtt.failure().message, Catch::Contains("WEBVTT"));

  auto json = parse_captions(R"({"events": [{"tStartMs": 0, "segs": [{"utf8": "a"}]}, )", CaptionFormat::json3);
  REQUIRE_FALSE(json.ok());
  CHECK_THAT(json.failure().message, Catch::StartsWith("json3 captions: not valid JSON"));

  auto xml = parse_captions("<timedtext><body><p t=\"0\">x</p><p>no time</p></body></timedtext>", CaptionFormat::srv3);
  REQUIRE_FALSE(xml.ok());
  CHECK_THAT(xml.failure().message, Catch::Contains("<p> number 2"));

  ytm::test::TempDir dir;
  auto unknown = parse_caption_file(dir.write("notes.txt", "just some text"));
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.failure().message, Catch::Contains("notes.txt") && Catch::Contains("not a caption file"));
}

TEST_CASE("formats are recognised by extension and by content") {
  CHECK(format_from_extension(".json3") == CaptionFormat::json3);
  CHECK(format_from_extension("vtt") == CaptionFormat::vtt);
  CHECK(format_from_extension(".txt") == std::nullopt);
  CHECK(detect_format("\xEF\xBB\xBFWEBVTT\n") == CaptionFormat::vtt);
  CHECK(detect_format("  {\"events\": []}") == CaptionFormat::json3);
  CHECK(detect_format("{\"transcription\": []}") == CaptionFormat::whisper_json);
  CHECK(detect_format("<?xml version=\"1.0\"?><tt xmlns=\"x\">") == CaptionFormat::ttml);
  CHECK(detect_format("<timedtext format=\"3\">") == CaptionFormat::srv3);
}
