#include "pipeline/stages/accept.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "pipeline/measure.hpp"

namespace ytm::pipeline {
namespace {

// Below this share of the expected length an unstamped answer is no translation.
constexpr double off_task_share = 0.25;
// Only a chunk of at least this much source is held to its length (four of align's gap lengths).
constexpr std::size_t off_task_min_chars = 1000;
constexpr std::size_t notes_min_source_chars = 200;

}  // namespace

std::size_t text_chars(const std::vector<Paragraph>& paragraphs) {
  std::size_t n = 0;
  for (const Paragraph& p : paragraphs) n += count_codepoints(p.text);
  return n;
}

std::size_t chunk_chars(const std::vector<Line>& lines, const Chunk& chunk) {
  std::size_t n = 0;
  for (std::size_t i = chunk.first; i < chunk.last; ++i) n += count_codepoints(lines[i].text);
  return n;
}

bool is_off_task(std::string_view reply, int stamped, std::size_t target_chars, std::size_t source,
                 double expected_ratio) {
  const double expected = static_cast<double>(source) * expected_ratio;
  const bool far_too_short =
      source >= off_task_min_chars && static_cast<double>(target_chars) < expected * off_task_share;
  if (stamped > 0) return far_too_short;
  static constexpr std::string_view refusals[] = {"i can't",
                                                  "i cannot",
                                                  "i can not",
                                                  "i'm sorry",
                                                  "i am sorry",
                                                  "i'm unable",
                                                  "i am unable",
                                                  "i won't",
                                                  "unable to",
                                                  "please provide",
                                                  "could you provide",
                                                  "you haven't provided",
                                                  "didn't include",
                                                  "not able to",
                                                  "抱歉",
                                                  "对不起",
                                                  "无法",
                                                  "我不能",
                                                  "请提供"};
  const std::string head = ascii_lower(reply.substr(0, 800));
  const bool refusal = std::any_of(std::begin(refusals), std::end(refusals),
                                   [&](std::string_view r) { return head.find(r) != std::string::npos; });
  return refusal || far_too_short;
}

// The renderer files a paragraph under the chapter its start falls in, so text from a chapter that
// no paragraph starts at would sit under the chapter before it.
std::optional<std::string> chapter_break_problem(const std::vector<Paragraph>& paragraphs,
                                                 const std::vector<Line>& lines, const Chunk& chunk) {
  for (std::size_t i = chunk.first + 1; i < chunk.last; ++i) {
    if (lines[i].chapter == lines[i - 1].chapter) continue;
    const int begins = static_cast<int>(lines[i].start);
    const bool breaks = std::any_of(paragraphs.begin(), paragraphs.end(),
                                    [&](const Paragraph& p) { return p.start >= begins && p.start <= begins + 1; });
    if (!breaks) return "no paragraph begins where the chapter at " + format_timestamp(begins) + " starts";
  }
  return std::nullopt;
}

Judgement judge(const CleanAnswer& answer, const std::vector<Paragraph>& paragraphs, const JudgeFacts& facts) {
  if (facts.truncated) return {};  // a cut answer is trusted up to its last paragraph
  const std::size_t source = facts.source_chars > 0 ? facts.source_chars : chunk_chars(facts.lines, facts.chunk);
  if (is_off_task(answer.translation, answer.stamped, text_chars(paragraphs), source, facts.expected_ratio)) {
    return {Verdict::ask_again, ""};
  }
  if (!facts.whole_chunk) return {};
  if (auto problem = chapter_break_problem(paragraphs, facts.lines, facts.chunk)) {
    return {Verdict::redo_in_halves, "the translation is misplaced: " + *problem};
  }
  return {};
}

std::optional<std::string> notes_problem(const nlohmann::json& notes, const std::vector<Line>& lines,
                                         const Chunk& chunk) {
  if (!notes.value("points", nlohmann::json::array()).empty() || chunk_chars(lines, chunk) < notes_min_source_chars) {
    return std::nullopt;
  }
  return "the notes have no points for " + format_timestamp(chunk.end - chunk.start) + " of speech";
}

}  // namespace ytm::pipeline
