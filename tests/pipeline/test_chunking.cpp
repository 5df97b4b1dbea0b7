#include <catch2/catch.hpp>

#include "pipeline/chunking.hpp"
#include "pipeline/measure.hpp"
#include "synthetic_transcript.hpp"

using namespace ytm::pipeline;

namespace {

Segment seg(double start, double end, std::string text, std::string speaker = "") {
  return Segment{start, end, std::move(text), std::move(speaker), false};
}

std::vector<Line> chaptered_lines(int minutes, int chapters) {
  ytm::test::SyntheticOptions options;
  options.minutes = minutes;
  options.chapters = chapters;
  const auto input = ytm::test::synthetic_input(options);
  return build_lines(input.segments, sorted_chapters(input.chapters));
}

}  // namespace

TEST_CASE("token estimate counts CJK characters one each and Latin text about four characters a token") {
  CHECK(estimate_tokens("") == 0);
  CHECK(estimate_tokens("abcdefgh") == 2);
  CHECK(estimate_tokens("黄仁勋回顾2025年") == 6 + 1);  // six Han characters, "2025" is one token
  CHECK(estimate_tokens("こんにちは") == 5);
  CHECK(estimate_tokens("안녕하세요") == 5);
  // The same meaning costs more tokens in Chinese per character but far fewer characters.
  CHECK(estimate_tokens("人工智能不是泡沫") == 8);
  CHECK(estimate_tokens("AI is not a bubble") == 5);
}

TEST_CASE("timestamps are written m:ss below an hour and h:mm:ss above, and read back") {
  CHECK(format_timestamp(0) == "0:00");
  CHECK(format_timestamp(498.7) == "8:18");
  CHECK(format_timestamp(3881) == "1:04:41");
  CHECK(parse_timestamp("8:18") == 498);
  CHECK(parse_timestamp("1:04:41") == 3881);
  CHECK(parse_timestamp("08:18") == 498);
  CHECK_FALSE(parse_timestamp("8:75"));
  CHECK_FALSE(parse_timestamp("abc"));
  CHECK_FALSE(parse_timestamp("12"));
}

TEST_CASE("language tags match on the primary subtag and on the Chinese script") {
  CHECK(same_language("en", "en-US"));
  CHECK(same_language("EN_gb", "en"));
  CHECK(same_language("zh-CN", "zh-Hans"));
  CHECK(same_language("zh", "zh-CN"));
  CHECK(same_language("zh-TW", "zh-Hant"));
  CHECK_FALSE(same_language("zh-CN", "zh-TW"));
  CHECK_FALSE(same_language("en", "zh-CN"));
  CHECK_FALSE(same_language("", "en"));
  CHECK(language_name("zh-CN") == "Simplified Chinese (zh-CN)");
  CHECK(guess_language("这是一个测试") == "zh");
  CHECK(guess_language("this is a test") == "en");
}

TEST_CASE("lines end at sentence ends, speaker changes and chapter starts, never mid-fragment") {
  const std::vector<Segment> segments = {
      seg(0, 3, "so the first thing"), seg(3, 6, "we noticed was scaling."),    seg(6, 9, "It did not surprise us"),
      seg(9, 12, "at all."),           seg(12, 14, "Really?", "Guest"),         seg(14, 16, "[Music]"),
      seg(16, 20, "Yes, it is true."), seg(20, 24, "New chapter starts here."),
  };
  std::vector<Segment> with_marker = segments;
  with_marker[5].marker = true;
  const auto lines = build_lines(with_marker, {{0, 20, "Intro"}, {20, 30, "Next"}});
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].text == "so the first thing we noticed was scaling. It did not surprise us at all.");
  CHECK(lines[0].start == 0);
  CHECK(lines[0].end == 12);
  CHECK(lines[1].speaker == "Guest");
  CHECK(lines[1].text == "Really? Yes, it is true.");  // the [Music] marker is not speech
  CHECK(render_line(lines[1]) == "[0:12] Guest: Really? Yes, it is true.");
  CHECK(lines[2].chapter == 1);
  CHECK(lines[2].text == "New chapter starts here.");
}

TEST_CASE("Chinese fragments join without spaces") {
  const auto lines = build_lines({seg(0, 2, "我们今天"), seg(2, 4, "讨论人工智能。")}, {});
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].text == "我们今天讨论人工智能。");
}

TEST_CASE("chunks fit the token limit, cut at sentence ends, and cover every line once in order") {
  ytm::test::SyntheticOptions options;
  options.minutes = 30;
  const auto input = ytm::test::synthetic_input(options);
  const auto lines = build_lines(input.segments, {});
  const auto chunks = make_chunks(lines, 1500, input.video.duration);
  REQUIRE(chunks.size() >= 3);
  std::size_t expected_first = 0;
  for (const Chunk& chunk : chunks) {
    CHECK(chunk.first == expected_first);
    CHECK(chunk.tokens <= 1500);
    INFO("chunk " << chunk.index << " of " << chunks.size() << " ends with: " << lines[chunk.last - 1].text);
    CHECK(ytm::ends_sentence(lines[chunk.last - 1].text));
    expected_first = chunk.last;
  }
  CHECK(expected_first == lines.size());
  CHECK(chunks.back().end == input.video.duration);
  // Balanced: no tiny remainder chunk.
  for (const Chunk& chunk : chunks) CHECK(chunk.tokens > 1500 / 2);
}

TEST_CASE("short chapters share a chunk, marked where each begins, and chunks stay balanced") {
  ytm::test::SyntheticOptions options;
  options.minutes = 40;
  auto input = ytm::test::synthetic_input(options);
  input.chapters = {{0, 120, "Short opening"}, {120, 2100, "Long middle"}, {2100, 2400, "Ending"}};
  const auto chapters = sorted_chapters(input.chapters);
  const auto lines = build_lines(input.segments, chapters);
  const auto chunks = make_chunks(lines, 2000, input.video.duration);
  REQUIRE(chunks.size() >= 3);
  CHECK(lines[chunks[0].last - 1].chapter == 1);  // the opening did not get a chunk of its own
  const std::string first = render_lines(lines, chunks[0].first, chunks[0].last, chapters);
  CHECK(first.find("\n--- chapter: Long middle ---\n[") != std::string::npos);
  CHECK(first.find("Short opening") == std::string::npos);  // the chunk's own start needs no marker
  for (const Chunk& chunk : chunks) {
    CHECK(chunk.tokens <= 2000);
    CHECK(chunk.tokens > 2000 / 3);
  }
}

TEST_CASE("a chunk ends at a chapter start that comes near its size limit") {
  const auto lines = chaptered_lines(20, 2);
  int first_chapter = 0;
  for (const Line& line : lines) first_chapter += line.chapter == 0 ? line_tokens(line) : 0;
  // The first chapter fills 95% of a chunk: the cut goes at the chapter start, not at a sentence end.
  const auto chunks = make_chunks(lines, static_cast<int>(first_chapter / 0.95), 20 * 60);
  REQUIRE(chunks.size() == 2);
  CHECK(lines[chunks[1].first].chapter == 1);
  CHECK(lines[chunks[1].first - 1].chapter == 0);
}

TEST_CASE("unpunctuated automatic captions still make bounded lines and chunks") {
  ytm::test::SyntheticOptions options;
  options.minutes = 20;
  options.punctuation = false;
  const auto input = ytm::test::synthetic_input(options);
  const auto lines = build_lines(input.segments, {});
  for (const Line& line : lines) CHECK(line.end - line.start <= 35);
  const auto chunks = make_chunks(lines, 1000, input.video.duration);
  for (const Chunk& chunk : chunks) CHECK(chunk.tokens <= 1000);
}

TEST_CASE("a 3-hour transcript chunks into pieces that together cover all of it") {
  const auto lines = chaptered_lines(180, 12);
  const auto chunks = make_chunks(lines, 6000, 180 * 60);
  CHECK(chunks.size() >= 8);
  CHECK(chunks.size() <= 12);
  for (std::size_t i = 1; i < chunks.size(); ++i) {
    CHECK(chunks[i].first == chunks[i - 1].last);
    CHECK(chunks[i - 1].end == chunks[i].start);
  }
  CHECK(chunks.back().last == lines.size());
}

TEST_CASE("a chunk splits in two at the sentence end nearest its middle") {
  ytm::test::SyntheticOptions options;
  options.minutes = 10;
  const auto input = ytm::test::synthetic_input(options);
  const auto lines = build_lines(input.segments, {});
  const auto chunks = make_chunks(lines, 100000, input.video.duration);
  REQUIRE(chunks.size() == 1);
  const auto halves = split_chunk(lines, chunks[0]);
  REQUIRE(halves);
  const auto& [left, right] = *halves;
  CHECK(left.last == right.first);
  CHECK(left.end == right.start);
  CHECK(right.end == chunks[0].end);
  CHECK(ytm::ends_sentence(lines[left.last - 1].text));
  CHECK(std::abs(left.tokens - right.tokens) < chunks[0].tokens / 4);
  Chunk single = chunks[0];
  single.last = single.first + 1;
  CHECK_FALSE(split_chunk(lines, single));
}

TEST_CASE("a chunk ends, and splits in two, where a speaker's turn begins rather than at any sentence end") {
  ytm::test::SyntheticOptions options;
  options.minutes = 20;
  auto input = ytm::test::synthetic_input(options);
  // An interview's turns: every ninth caption fragment, each a line of its own.
  for (std::size_t i = 9; i < input.segments.size(); i += 9) input.segments[i].turn = true;
  const auto lines = build_lines(input.segments, {});
  int total = 0;
  for (const Line& line : lines) total += line_tokens(line);
  const auto chunks = make_chunks(lines, total * 6 / 10, input.video.duration);
  REQUIRE(chunks.size() == 2);
  CHECK(lines[chunks[1].first].turn);
  CHECK(chunks[0].tokens * 2 >= total * 6 / 10);
  // Without turns the same cut falls at a sentence end that opens no turn.
  auto plain = lines;
  for (Line& line : plain) line.turn = false;
  const auto plain_chunks = make_chunks(plain, total * 6 / 10, input.video.duration);
  REQUIRE(plain_chunks.size() == 2);
  CHECK_FALSE(lines[plain_chunks[1].first].turn);

  const auto whole = make_chunks(lines, 100000, input.video.duration);
  const auto halves = split_chunk(lines, whole.at(0));
  REQUIRE(halves);
  CHECK(lines[halves->second.first].turn);
}
