// The stages of a chunk's line as plain functions, without a model: the cleaned answer keeps
// stamps as written, align places them and runs its passes, accept judges, splice settles.
#include <catch2/catch.hpp>

#include <cmath>

#include "pipeline/measure.hpp"
#include "pipeline/stages/accept.hpp"
#include "pipeline/stages/align.hpp"
#include "pipeline/stages/answer_passes.hpp"
#include "pipeline/stages/clean_answer.hpp"
#include "pipeline/stages/request.hpp"
#include "pipeline/stages/splice.hpp"

using namespace ytm::pipeline;

namespace {

// Six minutes, a line a minute of 300 characters; the host speaks the first three.
std::vector<Line> six_lines(bool second_chapter = false) {
  std::vector<Line> lines;
  for (int i = 0; i < 6; ++i) {
    const int chapter = second_chapter ? (i < 3 ? 0 : 1) : -1;
    lines.push_back(Line{i * 60.0, i * 60.0 + 59, i < 3 ? "Host" : "Guest", std::string(300, 'a' + i), chapter});
  }
  return lines;
}

const Chunk whole{0, 0, 6, 0, 360, 450, -1};

}  // namespace

TEST_CASE("the cleaned answer keeps stamps as written, splits off the notes and counts what it left out") {
  const auto lines = six_lines();
  const std::string reply =
      "Sure! Here's the translation:\n\n[0:05] **Speaker 1:** 一。\n\n[1:00.5] 二。\n续。\n\n"
      "```notes\n{\"points\":[]}\n```\n";
  PassCounts counts;
  const CleanAnswer answer = clean_answer(reply, true, ReadFacts{whole, lines, {}}, counts);
  REQUIRE(answer.paragraphs.size() == 2);
  CHECK(answer.paragraphs[0].stamp == 5.0);
  CHECK(answer.paragraphs[0].speaker.empty());
  CHECK(answer.paragraphs[0].speaker_from_source);
  CHECK(answer.paragraphs[0].text == "一。");
  CHECK(answer.paragraphs[1].stamp == 60.5);
  CHECK(answer.paragraphs[1].text == "二。 续。");
  CHECK(answer.stamped == 2);
  CHECK(answer.dropped_lines == 1);
  CHECK(answer.dropped_labels == 1);
  CHECK(answer.notes == std::optional<std::string>("{\"points\":[]}"));
  CHECK(answer.translation == "Sure! Here's the translation:\n\n[0:05] **Speaker 1:** 一。\n\n[1:00.5] 二。\n续。\n");
  // The reader's own drops are counted with the passes', each with why.
  CHECK(counts == PassCounts{{"generic speaker labels", 1}, {"lead-ins and headings", 1}});
  CHECK(counts["generic speaker labels"].why == "labels that name no one (such as \"Speaker 1\"): the transcript's speaker used, or none");
}

TEST_CASE("align places stamps in the chunk, in order, and gives a dropped label the transcript's speaker") {
  const auto lines = six_lines();
  const CleanAnswer answer = read_answer("[0:05] **Speaker 1:** 一。\n\n[4:30] 二。\n\n[4:00] 三。\n\n[9:00] 四。",
                                         ReadFacts{whole, lines, {}});
  const auto placed = place(answer.paragraphs, AlignFacts{whole, lines});
  REQUIRE(placed.size() == 4);
  CHECK(placed[0].start == 5);
  CHECK(placed[0].speaker == "Host");
  CHECK(placed[1].start == 270);
  CHECK(placed[2].start == 270);  // 4:00 comes after 4:30: kept in order
  CHECK(placed[3].start == 360);  // 9:00 is past the chunk: its end
  CHECK(placed[1].speaker.empty());
}

TEST_CASE("align's passes drop empty paragraphs and a cut answer's last one, and say how many") {
  const auto lines = six_lines();
  const CleanAnswer answer =
      read_answer("[0:00] 零。\n\n[0:30]\n\n[1:00] 一。\n\n[2:00] 二。", ReadFacts{whole, lines, {}});
  PassCounts counts;
  const Aligned aligned = align(answer, AlignFacts{whole, lines, ytm::model::StopReason::max_tokens, 0.01}, counts);
  REQUIRE(aligned.paragraphs.size() == 2);
  CHECK(aligned.paragraphs[0].end == 60);
  CHECK(aligned.paragraphs[1].start == 60);
  CHECK(aligned.paragraphs[1].end == 360);
  CHECK(aligned.paragraphs[1].text == "一。");
  CHECK(counts == PassCounts{{"cut last paragraph", 1}, {"empty paragraphs", 1}});
  // The cut answer is trusted up to where its last paragraph began: from there on is a gap.
  CHECK(aligned.cut);
  CHECK(aligned.covered == 600);
  REQUIRE(aligned.gaps.size() == 1);
  CHECK(aligned.gaps[0].first == 2);
  CHECK(aligned.gaps[0].last == 6);
  CHECK(aligned.gaps[0].start == 120);
  CHECK(aligned.gaps[0].end == 360);

  const auto kept = drop_cut_paragraph(aligned.paragraphs, AlignFacts{whole, lines, ytm::model::StopReason::end_turn});
  CHECK(kept.changed == 0);
  CHECK(kept.items.size() == 2);
}

TEST_CASE("accept asks a refusal again, redoes a chapter run-on in halves, and trusts a cut answer") {
  const auto lines = six_lines();
  const CleanAnswer refusal = read_answer("I'm sorry, but I can't help with that.", ReadFacts{whole, lines, {}});
  PassCounts counts;
  const auto refused = align(refusal, AlignFacts{whole, lines, ytm::model::StopReason::end_turn, 0.3}, counts).paragraphs;
  CHECK(judge(refusal, refused, JudgeFacts{whole, lines, 0.3, false, true}).verdict == Verdict::ask_again);
  CHECK(judge(refusal, refused, JudgeFacts{whole, lines, 0.3, true, true}).verdict == Verdict::accept);

  const auto chaptered = six_lines(true);
  const CleanAnswer run_on = read_answer("[0:00] 一二三四五六。", ReadFacts{whole, chaptered, {}});
  const auto paragraphs = align(run_on, AlignFacts{whole, chaptered, ytm::model::StopReason::end_turn, 0.01}, counts).paragraphs;
  const Judgement halves = judge(run_on, paragraphs, JudgeFacts{whole, chaptered, 0.01, false, true});
  CHECK(halves.verdict == Verdict::redo_in_halves);
  CHECK(halves.why == "the translation is misplaced: no paragraph begins where the chapter at 3:00 starts");
  // A gap answer is never redone in halves.
  CHECK(judge(run_on, paragraphs, JudgeFacts{whole, chaptered, 0.01, false, false}).verdict == Verdict::accept);

  // A gap answer for the first and last lines of the chunk is held to those two lines, not to the
  // four between them that its request never carried.
  const CleanAnswer ends = read_answer("[0:00] " + std::string(200, 'x') + "\n\n[5:00] " + std::string(200, 'y'),
                                       ReadFacts{whole, lines, {}});
  const auto two = align(ends, AlignFacts{whole, lines, ytm::model::StopReason::end_turn, 1}, counts).paragraphs;
  CHECK(judge(ends, two, JudgeFacts{whole, lines, 1, false, false}).verdict == Verdict::ask_again);
  CHECK(judge(ends, two, JudgeFacts{whole, lines, 1, false, false, 600}).verdict == Verdict::accept);
}

TEST_CASE("splice settles a chunk's text with what is missing as the original, and joins the chunks") {
  const auto lines = six_lines();
  std::vector<Paragraph> text{{0, 0, "", "甲"}};
  settle(text, {Gap{3, 6, 180, 360}}, lines, Untranslated::incomplete, 360);
  REQUIRE(text.size() == 4);
  const std::vector<int> starts{text[0].start, text[1].start, text[2].start, text[3].start};
  const std::vector<int> ends{text[0].end, text[1].end, text[2].end, text[3].end};
  CHECK(starts == std::vector<int>{0, 180, 240, 300});
  CHECK(ends == std::vector<int>{180, 240, 300, 360});
  CHECK(text[0].translated());
  CHECK(text[1].untranslated == Untranslated::incomplete);
  CHECK(text[1].speaker == "Guest");
  CHECK(text[1].text == lines[3].text);

  const auto joined = join_chunks({{{0, 0, "", "a"}}, {{100, 0, "", "b"}, {200, 0, "", "c"}}}, 300.7);
  REQUIRE(joined.size() == 3);
  CHECK(joined[0].end == 100);
  CHECK(joined[1].end == 200);
  CHECK(joined[2].end == 300);
}

TEST_CASE("a gap request names its stretches and covers the span from the first to the last") {
  const std::vector<Gap> gaps{{1, 2, 60, 150}, {3, 4, 300, 361}};
  CHECK(gap_times(gaps) == "1:00-2:30, 5:00-6:01");
  const Chunk chunk{2, 0, 6, 0, 400, 50, -1};
  const Chunk span = gap_span(gaps, chunk);
  CHECK(span.index == 2);
  CHECK(span.first == 1);
  CHECK(span.last == 4);
  CHECK(span.start == 60);
  CHECK(span.end == 361);
  CHECK(span.tokens == 50);
}

TEST_CASE("thought blocks of every form are taken out before anything reads the answer") {
  const auto dropped = [](const std::string& text) { return drop_thoughts(text); };
  auto out = dropped("<think>\nhmm\n[0:00] quoted\n</think>\n\n[0:00] 一。");
  CHECK(out.text == "\n\n[0:00] 一。");
  CHECK(out.changed == 1);
  out = dropped("<thinking>a</thinking>[0:00] 一。<reasoning>b</reasoning>");
  CHECK(out.text == "[0:00] 一。");
  CHECK(out.changed == 2);
  out = dropped("<think>\n\n</think>\n\n[0:05] 二。");  // Qwen3 with thinking off
  CHECK(out.text == "\n\n[0:05] 二。");
  CHECK(out.changed == 1);
  out = dropped("the opening was in the prompt\n</think>\n[0:00] 一。");
  CHECK(out.text == "\n[0:00] 一。");
  CHECK(out.changed == 1);
  out = dropped("[0:00] 一。\n<think>cut off while thinking");
  CHECK(out.text == "[0:00] 一。\n");
  CHECK(out.changed == 1);
  out = dropped("[0:00] 一。");
  CHECK(out.text == "[0:00] 一。");
  CHECK(out.changed == 0);

  const auto lines = six_lines();
  PassCounts counts;
  const CleanAnswer answer = clean_answer("<think>\n[0:00] quoted in a thought\n</think>\n\n[0:05] 一。", false,
                                          ReadFacts{whole, lines, {}}, counts);
  REQUIRE(answer.paragraphs.size() == 1);
  CHECK(answer.paragraphs[0].stamp == 5.0);
  CHECK(answer.paragraphs[0].text == "一。");
  CHECK(counts == PassCounts{{"thought blocks", 1}});
}

TEST_CASE("a paragraph written twice is kept once, a short one said twice stays") {
  const auto lines = six_lines();
  const ReadFacts facts{whole, lines, {}};
  const std::string long_text = "他说能源是人工智能最大的瓶颈。";
  std::vector<AnswerParagraph> paragraphs{{0.0, "", false, long_text},
                                          {30.0, "", false, "是的。"},
                                          {30.0, "", false, long_text},
                                          {60.0, "", false, "是的。"}};
  const auto out = drop_repeated_paragraphs(paragraphs, facts);
  CHECK(out.changed == 1);
  REQUIRE(out.items.size() == 3);
  CHECK(out.items[0].text == long_text);
  CHECK(out.items[1].text == "是的。");
  CHECK(out.items[2].text == "是的。");
}

TEST_CASE("a sentence looping three times or more is said once, one said twice stays") {
  const auto lines = six_lines();
  const ReadFacts facts{whole, lines, {}};
  std::vector<AnswerParagraph> paragraphs{
      {0.0, "", false,
       "Hello there my friend. We talk about chips today. We talk about chips today. We talk about chips today. And "
       "more."},
      {60.0, "", false, "Thank you so much. Thank you so much. Bye."},
      {120.0, "", false, "我们今天讨论芯片的问题。我们今天讨论芯片的问题。我们今天讨论芯片的问题。好。"}};
  const auto out = collapse_looping_sentences(paragraphs, facts);
  CHECK(out.changed == 4);
  REQUIRE(out.items.size() == 3);
  CHECK(out.items[0].text == "Hello there my friend. We talk about chips today. And more.");
  CHECK(out.items[1].text == "Thank you so much. Thank you so much. Bye.");
  CHECK(out.items[2].text == "我们今天讨论芯片的问题。好。");
}

TEST_CASE("stamps numbered from 0:00 in a later chunk are moved by the chunk's start, others stay") {
  auto lines = six_lines();
  for (Line& line : lines) line.start += 600, line.end += 600;
  const Chunk later{1, 0, 6, 600, 960, 450, -1};
  const auto stamps = [](const std::vector<AnswerParagraph>& paragraphs) {
    std::vector<double> out;
    for (const auto& p : paragraphs) out.push_back(*p.stamp);
    return out;
  };
  const auto written = [&](const std::string& reply, const Chunk& chunk) {
    return read_answer(reply, ReadFacts{chunk, lines, {}}).paragraphs;
  };
  auto out =
      shift_chunk_relative(written("[0:00] 一。\n\n[1:30] 二。\n\n[5:00] 三。", later), AlignFacts{later, lines});
  CHECK(out.changed == 3);
  CHECK(stamps(out.items) == std::vector<double>{600, 690, 900});
  // The first chunks cannot tell: a chunk starting at 1:00.
  const Chunk early{0, 0, 6, 60, 420, 450, -1};
  out = shift_chunk_relative(written("[0:00] 一。\n\n[1:30] 二。", early), AlignFacts{early, lines});
  CHECK(out.changed == 0);
  CHECK(stamps(out.items) == std::vector<double>{0, 90});
  // Stamps of the video, and stamps past the chunk's length, are not relative.
  out = shift_chunk_relative(written("[10:00] 一。\n\n[11:30] 二。", later), AlignFacts{later, lines});
  CHECK(out.changed == 0);
  out = shift_chunk_relative(written("[0:00] 一。\n\n[7:30] 二。", later), AlignFacts{later, lines});
  CHECK(out.changed == 0);
  CHECK(stamps(out.items) == std::vector<double>{0, 450});

  PassCounts counts;
  const auto placed = align_paragraphs(read_answer("[0:00] 一。\n\n[2:00] 二。", ReadFacts{later, lines, {}}),
                                       AlignFacts{later, lines}, counts);
  REQUIRE(placed.size() == 2);
  CHECK(placed[0].start == 600);
  CHECK(placed[1].start == 720);
  CHECK(counts == PassCounts{{"chunk-relative stamps", 2}});
}

TEST_CASE("lists, tables and bold pseudo-headings are paragraphs again, and each is counted") {
  const auto lines = six_lines();
  PassCounts counts;
  const CleanAnswer answer = clean_answer(
      "**第 1 部分**\n\n- [0:00] 一。\n- 二。\n\n1. [1:00] 三。\n2. 四。\n\n[2:00]\n* 五。\n* 六。\n\n"
      "| 时间 | 内容 |\n|---|:---:|\n| [3:00] | 七。 |\n| 4:00 | 八。 |\n\n[5:00] "
      "**第二部分：结尾**\n九。\n\n**十分重要。**",
      false, ReadFacts{whole, lines, {}}, counts);
  std::vector<std::string> texts;
  std::vector<double> stamps;
  for (const auto& p : answer.paragraphs) texts.push_back(p.text), stamps.push_back(p.stamp.value_or(-1));
  CHECK(texts == std::vector<std::string>{"一。 二。", "三。 四。", "五。 六。", "七。", "八。", "九。 十分重要。"});
  CHECK(stamps == std::vector<double>{0, 60, 120, 180, 240, 300});
  CHECK(counts == PassCounts{{"list items", 6}, {"pseudo-headings", 2}, {"table rows", 2}});
  CHECK(counts["table rows"].why == "a passage the model set out as a table: back into paragraphs");
}

TEST_CASE("translator's notes and an unstamped outro are dropped, an outro the speaker says is kept") {
  auto lines = six_lines();
  const std::string reply =
      "[0:00] 他说算力（译注：即计算能力）很贵。 (Translator's note: compute.) 是的。\n\n"
      "[1:00] 译注：这一段很难。\n好。\n\n感谢收看！请点赞、订阅，我们下期再见。";
  PassCounts counts;
  CleanAnswer answer = clean_answer(reply, false, ReadFacts{whole, lines, {}}, counts);
  REQUIRE(answer.paragraphs.size() == 2);
  CHECK(answer.paragraphs[0].text == "他说算力很贵。 是的。");
  CHECK(answer.paragraphs[1].text == "好。");
  CHECK(counts == PassCounts{{"outros", 1}, {"translator's notes", 3}});
  // The transcript's last lines ask to subscribe: the translation of it stays.
  lines.back().text = "Thanks for watching, and please subscribe.";
  counts.clear();
  answer = clean_answer(reply, false, ReadFacts{whole, lines, {}}, counts);
  CHECK(answer.paragraphs.back().text == "好。 感谢收看！请点赞、订阅，我们下期再见。");
  CHECK(counts.count("outros") == 0);
}

TEST_CASE("stamps rounded to the minute are snapped to line starts by length, in order, one line each") {
  // Twelve lines of 100 characters every 15 s from 0:07; paragraphs of two lines each, their stamps
  // rounded to the nearest minute (0:07 and 0:37 → 0:00 and 1:00, ...).
  std::vector<Line> lines;
  for (int i = 0; i < 12; ++i) lines.push_back(Line{7.0 + 15 * i, 21.0 + 15 * i, "", std::string(100, 'a'), -1});
  const Chunk chunk{0, 0, 12, 7, 187, 300, -1};
  std::string reply;
  for (int k = 0; k < 6; ++k) {
    const double start = lines[2 * k].start;
    reply += "[" + format_timestamp(std::round(start / 60) * 60) + "] " + std::string(60, 'x') + "。\n\n";
  }
  PassCounts counts;
  const auto placed =
      align_paragraphs(read_answer(reply, ReadFacts{chunk, lines, {}}), AlignFacts{chunk, lines, ytm::model::StopReason::end_turn, 0.3}, counts);
  std::vector<int> starts;
  for (const auto& p : placed) starts.push_back(p.start);
  CHECK(starts == std::vector<int>{7, 37, 67, 97, 127, 157});
  CHECK(counts["approximate stamps"] == 6);
  // Stamps that name lines in order are left alone.
  counts.clear();
  align_paragraphs(read_answer("[0:07] 一。\n\n[0:52] 二。", ReadFacts{chunk, lines, {}}), AlignFacts{chunk, lines},
                   counts);
  CHECK(counts.empty());
}

TEST_CASE(
    "an answer ending mid-sentence while source remains is cut, whatever its stop reason said, unless its "
    "caption lines end so too") {
  const auto lines = six_lines();
  PassCounts counts;
  // Stop reason end_turn (not truncated): the last paragraph stops in a sentence at 3:00.
  const CleanAnswer cut = read_answer("[0:00] " + std::string(300, 'x') + "。\n\n[1:00] " + std::string(300, 'y') +
                                          "。\n\n[2:00] " + std::string(300, 'z') + "。\n\n[3:00] zz zz",
                                      ReadFacts{whole, lines, {}});
  const Aligned aligned = align(cut, AlignFacts{whole, lines, ytm::model::StopReason::end_turn, 1}, counts);
  CHECK(aligned.cut);
  CHECK(aligned.covered == 900);
  CHECK(aligned.paragraphs.size() == 3);
  REQUIRE(aligned.gaps.size() == 1);
  CHECK(aligned.gaps[0].first == 3);
  CHECK(judge(cut, aligned.paragraphs, JudgeFacts{whole, lines, 1, aligned.cut, true}).verdict == Verdict::accept);
  // The last seconds: 40 characters of the last line's 300 left out, where the talk's last
  // sentence ends.
  auto said = lines;
  said.back().text.back() = '.';
  const CleanAnswer near_end = read_answer("[0:00] " + std::string(1500, 'x') + "。\n\n[5:00] " + std::string(260, 'y'),
                                           ReadFacts{whole, said, {}});
  const Aligned tail = align(near_end, AlignFacts{whole, said, ytm::model::StopReason::end_turn, 1}, counts);
  CHECK(tail.cut);
  CHECK(tail.paragraphs.size() == 1);
  REQUIRE(tail.gaps.size() == 1);
  CHECK(tail.gaps[0].first == 5);
  // The same answer where the caption line breaks off mid-sentence: the paragraph may end there as
  // its line does, so it is not cut (the requests after it are not made smaller), but what it may
  // have left out is asked for again with its stretch.
  const Aligned open = align(near_end, AlignFacts{whole, lines, ytm::model::StopReason::end_turn, 1}, counts);
  CHECK_FALSE(open.cut);
  CHECK(open.paragraphs.size() == 2);
  REQUIRE(open.gaps.size() == 1);
  CHECK(open.gaps[0].first == 5);
  CHECK(open.gaps[0].last == 6);
  // Asked for notes, it holds none: it stopped before them, cut.
  AlignFacts lost{whole, lines, ytm::model::StopReason::end_turn, 1};
  lost.notes_lost = true;
  CHECK(align(near_end, lost, counts).cut);
  // No stop reason at all (or an odd one), or an earlier answer of the chunk cut off: cut.
  CHECK(align(near_end, AlignFacts{whole, lines, ytm::model::StopReason::none, 1}, counts).cut);
  CHECK(align(near_end, AlignFacts{whole, lines, ytm::model::StopReason::other, 1}, counts).cut);
  AlignFacts after_cut{whole, lines, ytm::model::StopReason::end_turn, 1};
  after_cut.cut_before = true;
  CHECK(align(near_end, after_cut, counts).cut);
  // Ending without a full stop but with all its source: not cut.
  const CleanAnswer whole_answer = read_answer(
      "[0:00] " + std::string(1500, 'x') + "。\n\n[5:00] " + std::string(300, 'y'), ReadFacts{whole, lines, {}});
  CHECK_FALSE(align(whole_answer, AlignFacts{whole, lines, ytm::model::StopReason::end_turn, 1}, counts).cut);
  CHECK_FALSE(align(whole_answer, AlignFacts{whole, lines, ytm::model::StopReason::none, 1}, counts).cut);
}

TEST_CASE(
    "a paragraph asked for again takes along a line that starts in its stamp's second before the one it is tied to") {
  // Two lines start in second 180 (a one-word line ending a sentence, then the next): the paragraph
  // stamped 3:00 is tied to the later one, but may begin with either.
  auto lines = six_lines();
  lines[2].start = 180.2;
  lines[3].start = 180.8;
  const std::vector<Paragraph> paragraphs{{0, 180, "Host", std::string(900, 'x')},
                                          {180, 360, "Guest", std::string(900, 'y'), Untranslated::wrong_language}};
  const auto gaps = find_gaps(paragraphs, lines, whole, 1, false);
  REQUIRE(gaps.size() == 1);
  CHECK(gaps[0].first == 2);
  CHECK(gaps[0].last == 6);
}

TEST_CASE("after a cut, the next request is no larger than what the cut answer managed") {
  const auto lines = six_lines();
  const std::vector<Gap> rest{{2, 6, 120, 360}};
  // 1200 characters left, 650 managed: the first two lines of the rest.
  const auto asked = gaps_within(rest, lines, 650);
  REQUIRE(asked.size() == 1);
  CHECK(asked[0].first == 2);
  CHECK(asked[0].last == 4);
  CHECK(asked[0].end == 240);
  CHECK(gaps_within(rest, lines, 1200).size() == 1);
  CHECK(gaps_within(rest, lines, 1200)[0].last == 6);
  // At least one line, however little was managed.
  CHECK(gaps_within(rest, lines, 10)[0].last == 3);
  // What is still missing after the answer to that part: its own gaps and the rest of the gap.
  const auto left = gaps_after(rest, asked[0], {Gap{3, 4, 180, 240}});
  REQUIRE(left.size() == 1);
  CHECK(left[0].first == 3);
  CHECK(left[0].last == 6);
  CHECK(left[0].start == 180);
  CHECK(left[0].end == 360);
}
