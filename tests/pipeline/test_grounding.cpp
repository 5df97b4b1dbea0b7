#include <catch2/catch.hpp>

#include "pipeline/grounding.hpp"
#include "synthetic_transcript.hpp"

using namespace ytm::pipeline;

namespace {

PipelineInput interview() {
  PipelineInput input;
  input.video.title = "NVIDIA's Jensen Huang on reasoning models";
  input.video.description = "Sarah Guo and Elad Gil talk with Jensen Huang.";
  input.video.duration = 1200;
  input.segments = {
      {10, 14, "the purpose of a software engineer is to solve", "", false},
      {14, 18, "known problems and to find new problems to solve", "", false},
      {18, 21, "coding is one of the tasks", "", false},
      {300, 304, "we use Cursor here pretty much everywhere", "", false},
      {600, 604, "everything that moves will be robotic", "", false},
      {604, 607, "[Music]", "", true},
      {900, 905, "DeepSeek was probably the single most important paper", "", false},
      {905, 910, "that most Silicon Valley researchers read", "", false},
  };
  return input;
}

Summary summary_with_quotes(std::vector<Quote> quotes) {
  Summary s;
  s.quotes = std::move(quotes);
  s.chapters = {{0, 1200, "All", ""}};
  return s;
}

}  // namespace

TEST_CASE("normalised words ignore case, punctuation and markdown, and CJK characters stand alone") {
  CHECK(normalised_words("**Everything** that MOVES — will be robotic!") ==
        std::vector<std::string>{"everything", "that", "moves", "will", "be", "robotic"});
  CHECK(normalised_words("don’t  stop") == normalised_words("Don't stop"));
  CHECK(normalised_words("NVIDIA's") == std::vector<std::string>{"nvidia", "s"});
  CHECK(normalised_words("黄仁勋说：AI") == std::vector<std::string>{"黄", "仁", "勋", "说", "ai"});
}

TEST_CASE("a quote with altered case, whitespace, punctuation and an ellipsis is kept and its timestamp fixed") {
  auto input = interview();
  Summary s = summary_with_quotes({
      {"\"The purpose of a software engineer is to solve known problems   and to find new problems to solve. "
       "Coding is one of the tasks.\"",
       "软件工程师的目的……", "Jensen Huang", 60},
      {"DeepSeek was probably the single most important paper... most Silicon Valley researchers read", "", "", 880},
  });
  const Grounding counts = ground_summary(s, input, 1200);
  CHECK(counts.quotes_kept == 2);
  CHECK(counts.quotes_dropped == 0);
  REQUIRE(s.quotes.size() == 2);
  CHECK(s.quotes[0].timestamp == 10);
  CHECK(s.quotes[1].timestamp == 900);
}

TEST_CASE("an invented quote is dropped, and so is a real one far from its timestamp") {
  auto input = interview();
  Summary s = summary_with_quotes({
      {"AI will replace every job within five years.", "", "Jensen Huang", 600},
      {"Everything that moves will be robotic.", "", "Jensen Huang", 1150},
      {"Everything that moves will be robotic.", "", "Jensen Huang", 590},
  });
  const Grounding counts = ground_summary(s, input, 1200);
  CHECK(counts.quotes_kept == 1);
  CHECK(counts.quotes_dropped == 2);
  REQUIRE(s.quotes.size() == 1);
  CHECK(s.quotes[0].timestamp == 600);
}

TEST_CASE("a near-verbatim quote with one word changed is kept, a paraphrase is not") {
  auto input = interview();
  Summary s = summary_with_quotes({
      {"The purpose of a software engineer is to solve known problems and to find new issues to solve.", "", "", 12},
      {"Software engineers exist to find problems, and coding is only a task.", "", "", 12},
  });
  const Grounding counts = ground_summary(s, input, 1200);
  CHECK(counts.quotes_kept == 1);
  CHECK(counts.quotes_dropped == 1);
}

TEST_CASE("chapters out of order and overlapping become sorted, contiguous and clamped to the video") {
  std::vector<Chapter> chapters = {
      {700, 1500, "Third", "c"}, {0, 400, "First", "a"}, {300, 800, "Second", "b"}, {1300, 1400, "Past the end", ""}};
  const int fixed = fix_chapters(chapters, {}, 1200);
  REQUIRE(chapters.size() == 3);
  CHECK(chapters[0].title == "First");
  CHECK(chapters[0].start == 0);
  CHECK(chapters[0].end == 300);
  CHECK(chapters[1].end == 700);
  CHECK(chapters[2].title == "Third");
  CHECK(chapters[2].end == 1200);
  CHECK(fixed >= 3);
  std::vector<Chapter> good = {{0, 600, "A", ""}, {600, 1200, "B", ""}};
  CHECK(fix_chapters(good, {}, 1200) == 0);
}

TEST_CASE("creator chapters give the times, the model's chapters the translated titles") {
  std::vector<Chapter> chapters = {{0, 490, "2025年回顾", "推理模型"}, {490, 1200, "AI与就业", "任务与目的"}};
  const std::vector<SourceChapter> creator = {{498, 1200, "AI and jobs"}, {0, 498, "Looking back at 2025"}};
  fix_chapters(chapters, creator, 1200);
  REQUIRE(chapters.size() == 2);
  CHECK(chapters[0].start == 0);
  CHECK(chapters[0].end == 498);
  CHECK(chapters[0].title == "2025年回顾");
  CHECK(chapters[1].start == 498);
  CHECK(chapters[1].title == "AI与就业");
  CHECK(chapters[1].end == 1200);
}

TEST_CASE("a made-up company is flagged but names in the transcript, title or description are not") {
  auto input = interview();
  Summary s = summary_with_quotes({});
  s.companies = {{"NVIDIA", "", 3, true},
                 {"Cursor", "", 2, true},
                 {"Acme Robotics", "", 1, true},
                 {"DeepSeek/Cursor", "", 2, true}};
  s.people = {
      {"Jensen Huang（黄仁勋）", "", "", "", true}, {"Elad Gil", "", "", "", true}, {"Ilya Petrov", "", "", "", true}};
  const Grounding counts = ground_summary(s, input, 1200);
  CHECK(s.companies[0].grounded);
  CHECK(s.companies[1].grounded);
  CHECK_FALSE(s.companies[2].grounded);
  CHECK(s.companies[3].grounded);
  CHECK(s.people[0].grounded);
  CHECK(s.people[1].grounded);
  CHECK_FALSE(s.people[2].grounded);
  CHECK(counts.names_flagged == 2);
}
