#pragma once
// Stage 5 of a chunk's line: accepted or asked again. Plain judgements of an aligned answer: an
// answer that is no translation is asked once more; one whose paragraph runs on across a chapter
// start is redone in halves; the stretches it left out are asked for on their own, at most
// max_extra_calls calls in all, and what is still missing is kept as the original transcript.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/chunking.hpp"
#include "pipeline/result.hpp"
#include "pipeline/stages/clean_answer.hpp"
#include "pipeline/stages/types.hpp"

namespace ytm::pipeline {

// Extra calls a chunk may cost for completeness (a refusal asked again counts as one).
inline constexpr int max_extra_calls = 2;
// Calls a chunk may make beyond those for the rest of an answer cut off at the output limit, in
// requests no larger than what the last cut answer managed, each going on where the last one
// stopped; and the smallest such request in source characters (a dozen lines, 1.5 minutes of
// speech): a model cut off even there is not asked in ever smaller pieces.
inline constexpr int max_cut_calls = 8;
inline constexpr std::size_t min_cut_request_chars = 1500;

// What becomes of an aligned answer.
enum class Verdict {
  accept,          // its paragraphs are taken (its gaps, if any, asked for next)
  ask_again,       // no translation: asked once more (a gap answer: that stretch stays missing)
  redo_in_halves,  // a paragraph runs on across a chapter start: the chunk is redone in two halves
};
struct Judgement {
  Verdict verdict = Verdict::accept;
  std::string why;  // for redo_in_halves
};

// What judging an answer needs beyond the answer: its chunk (or gap span) and the transcript, the
// expected length ratio, whether it was cut off, whether it is the chunk's own answer (only that
// one can be redone in halves), and how much source its request carried: a gap request carries
// only its gaps' lines, however far apart they lie in the span (0: all of the span's).
struct JudgeFacts {
  const Chunk& chunk;
  const std::vector<Line>& lines;
  double expected_ratio = 1;
  bool truncated = false;
  bool whole_chunk = true;
  std::size_t source_chars = 0;
};
Judgement judge(const CleanAnswer& answer, const std::vector<Paragraph>& paragraphs, const JudgeFacts& facts);

// An answer that is no translation: a refusal, a request for the material, or far too short for
// the chunk with no paragraph stamps (a summary instead of the text).
bool is_off_task(std::string_view reply, int stamped, std::size_t target_chars, std::size_t source_chars,
                 double expected_ratio);

// What the model wrote for its source: the paragraphs' characters, the chunk's source characters.
std::size_t text_chars(const std::vector<Paragraph>& paragraphs);
std::size_t chunk_chars(const std::vector<Line>& lines, const Chunk& chunk);

// Why the translation must be redone in halves split at a chapter start: a chapter starting inside
// the chunk has no paragraph starting with it (its text would sit under the chapter before).
std::optional<std::string> chapter_break_problem(const std::vector<Paragraph>& paragraphs,
                                                 const std::vector<Line>& lines, const Chunk& chunk);

// Why notes without points do not stand for a chunk of speech; nullopt when they do.
std::optional<std::string> notes_problem(const nlohmann::json& notes, const std::vector<Line>& lines,
                                         const Chunk& chunk);

}  // namespace ytm::pipeline
