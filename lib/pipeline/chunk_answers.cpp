#include "pipeline/chunk_answers.hpp"

#include <spdlog/spdlog.h>

#include "core/utf8.hpp"
#include "pipeline/measure.hpp"
#include "pipeline/notes_summary.hpp"
#include "pipeline/stages/accept.hpp"
#include "pipeline/stages/align.hpp"
#include "pipeline/stages/clean_answer.hpp"
#include "pipeline/stages/raw_answer.hpp"
#include "pipeline/stages/request.hpp"
#include "pipeline/stages/splice.hpp"
#include "pipeline/summary.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

// One answer through the plain stages: cleaned, aligned, judged.
struct Reading {
  CleanAnswer answer;
  Aligned aligned;
  Judgement judgement;
  PassCounts passes;  // what the passes changed: counted only when the answer's text is taken
};

// What an answer was asked for, beside its part of the chunk.
struct Asking {
  bool with_notes = false;
  bool whole_chunk = true;  // the chunk's own answer, not a gap answer
  // Of translated to source text, as expected for the languages or as the chunk's answer wrote.
  double ratio = 1;
  std::size_t source_chars = 0;  // a gap request's: its gaps' lines (0: all of the part's)
  bool cut_before = false;       // an earlier answer for the chunk was cut off
};

// The gaps of a chunk's text while they are asked for.
struct Filling {
  std::vector<Gap> gaps;  // still missing
  Untranslated why = Untranslated::incomplete;  // what the paragraphs still missing are marked
  int extra = 0;                                // extra calls spent
  int asks = 0;                                 // gap requests made (their steps' numbers)
  // After an answer was cut off: no request may carry more source characters than the last cut
  // answer managed; the requests so sized that got further cost no extra call, up to cut_calls.
  std::optional<std::size_t> capacity;
  int cut_calls = 0;
};

// part: the chunk, or the span of its gaps a gap answer covers.
Reading read(const Video& video, const Chunk& part, const RawAnswer& raw, const Asking& asking) {
  Reading r;
  r.answer = clean_answer(raw.text, asking.with_notes, ReadFacts{part, video.lines, {video.channel}}, r.passes);
  const LanguageFacts language{video.source_language, video.target_language};
  const bool notes_lost = asking.with_notes && !r.answer.notes;
  r.aligned =
      align(r.answer, AlignFacts{part, video.lines, raw.stop, asking.ratio, language, notes_lost, asking.cut_before},
            r.passes);
  r.judgement =
      judge(r.answer, r.aligned.paragraphs,
            JudgeFacts{part, video.lines, asking.ratio, r.aligned.cut, asking.whole_chunk, asking.source_chars});
  return r;
}

bool off_task(const Reading& r) { return r.judgement.verdict == Verdict::ask_again; }

void count(Coverage& coverage, const CleanAnswer& answer) {
  coverage.dropped_lines += answer.dropped_lines;
  coverage.dropped_labels += answer.dropped_labels;
}

std::vector<Gap> whole_chunk(const Chunk& chunk) { return {Gap{chunk.first, chunk.last, chunk.start, chunk.end}}; }

// The chunk's text's ratio of translated to source text outside its gaps (a gap answer too short
// to tell its own is held to it); `expected` when nothing is translated yet.
double written_ratio(const ChunkText& text, const std::vector<Line>& lines, const Chunk& chunk, double expected) {
  std::size_t source = 0;
  for (const Paragraph& p : text.paragraphs) {
    if (!p.translated()) continue;
    for (std::size_t i = chunk.first; i < chunk.last; ++i) {
      if (lines[i].start + 1 >= p.start && lines[i].start < p.end) source += count_codepoints(lines[i].text);
    }
  }
  std::size_t written = 0;
  for (const Paragraph& p : text.paragraphs) written += p.translated() ? count_codepoints(p.text) : 0;
  return source > 0 && written > 0 ? static_cast<double>(written) / static_cast<double>(source) : expected;
}

// A cut answer sizes the next request: what it managed, or half of what it was asked when it
// managed nothing; never more than an earlier cut allowed, never less than min_cut_request_chars.
void note_cut(Filling& filling, const Reading& r, std::size_t asked_chars) {
  std::size_t managed = r.aligned.covered;
  if (managed == 0) managed = asked_chars / 2;
  managed = std::max(managed, min_cut_request_chars);
  filling.capacity = std::min(filling.capacity.value_or(managed), managed);
  filling.why = Untranslated::cut_off;
}

// The start of an answer for a log line, cut at a character boundary.
std::string opening_of(std::string_view text) { return collapse_spaces(text.substr(0, utf8_prefix_length(text, 120))); }

// Asks for the gaps until none is left or the extra calls are spent; what is still missing is kept
// as the original, marked with filling.why.
asio::awaitable<Outcome<ChunkText>> fill_gaps(VideoRef video, StopRef stop, Chunk chunk, std::string name,
                                              ChunkText text, Filling filling) {
  const std::string version = video->ctx.prompts.version(Task::translate);
  const double ratio = expected_length_ratio(video->source_language, video->target_language);
  while (!filling.gaps.empty() && filling.extra < max_extra_calls) {
    const bool sized = filling.capacity.has_value();
    const std::vector<Gap> asked = sized ? gaps_within(filling.gaps, video->lines, *filling.capacity) : filling.gaps;
    ++filling.extra;
    ++text.coverage.gap_calls;
    spdlog::info("{}: the answer leaves out {}; asking for {} on its own", video->label(name),
                 gap_times(filling.gaps),
                 asked.size() == filling.gaps.size() && asked.back().last == filling.gaps.back().last
                     ? "it"
                     : gap_times(asked));
    const std::string step = name + "/gap" + std::to_string(++filling.asks);
    const model::Request request = gap_request(*video, chunk, asked);
    const Chunk span = gap_span(asked, chunk);
    Asked answer = co_await ask(video, stop, step, step, request, version);
    text.usage.add(answer.usage);
    if (!answer.answer && answer.answer.failure().code != FailureCode::context_too_long) co_return answer.answer.failure();
    if (!answer.answer) break;
    const std::size_t asked_chars = gap_chars(asked, video->lines);
    const Asking asking{false, false, written_ratio(text, video->lines, chunk, ratio), asked_chars, sized};
    const Reading r = read(*video, span, *answer.answer, asking);
    count(text.coverage, r.answer);
    if (off_task(r)) {
      filling.why = Untranslated::refused;
      continue;
    }
    add_counts(text.passes, r.passes);
    const std::size_t missing = gap_chars(filling.gaps, video->lines);
    splice(text.paragraphs, r.aligned.paragraphs, asked);
    filling.gaps = asked.size() == 1 ? gaps_after(filling.gaps, asked.front(), r.aligned.gaps)
                                     : find_gaps(text.paragraphs, video->lines, chunk, ratio, false);
    const bool further = gap_chars(filling.gaps, video->lines) < missing;
    if (r.aligned.cut && (further || !sized)) note_cut(filling, r, asked_chars);
    // Cut off inside the first paragraph of a request already sized by a cut: a smaller one would
    // stop there again, so the next is twice the size (a model that stops half-way through
    // whatever it is asked gets further in a larger one).
    if (r.aligned.cut && sized && !further) *filling.capacity = 2 * asked_chars;
    // A request sized by a cut that got further costs no extra call, up to max_cut_calls: a model
    // that stops at an output limit is asked in smaller pieces until the stretch is covered. One
    // that left as much missing as before does: a model that gets nowhere is not asked forever.
    if (sized && further && filling.cut_calls < max_cut_calls) {
      --filling.extra;
      ++filling.cut_calls;
    }
  }
  if (!filling.gaps.empty()) {
    const bool cut = filling.why == Untranslated::cut_off;
    spdlog::warn("{}: {} still untranslated after {} extra calls; kept as the original transcript ({}){}",
                 video->label(name), gap_times(filling.gaps), filling.extra + filling.cut_calls,
                 untranslated_code(filling.why),
                 cut ? "; the model's answers keep stopping part-way: raise model.max_output_tokens or try another model"
                     : "");
  }
  settle(text.paragraphs, filling.gaps, video->lines, filling.why, chunk.end);
  co_return text;
}

}  // namespace

// The chunk's text from its answers: the first one; a refusal asked once more; the gaps asked for.
asio::awaitable<Outcome<ChunkText>> answer_chunk(VideoRef video, StopRef stop, Chunk chunk, std::string name,
                                                 model::Request request, std::string version, bool with_notes) {
  ChunkText text;
  Filling filling;
  Asked asked = co_await ask(video, stop, name + "/answer", name, request, version);
  text.usage.add(asked.usage);
  if (!asked.answer) {
    if (asked.answer.failure().code != FailureCode::context_too_long) co_return asked.answer.failure();
    text.redo_in_halves = "the prompt is too long for the model";
    co_return text;
  }
  const double ratio = expected_length_ratio(video->source_language, video->target_language);
  const Asking asking{with_notes, true, ratio, 0};
  Reading r = read(*video, chunk, *asked.answer, asking);
  if (off_task(r)) {
    spdlog::warn("{}: the answer is no translation ({}); asking once more", video->label(name),
                 opening_of(asked.answer->text));
    ++filling.extra;
    ++text.coverage.gap_calls;
    asked = co_await ask(video, stop, name + "/again", name + "/again", request, version);
    text.usage.add(asked.usage);
    if (!asked.answer) co_return asked.answer.failure();
    r = read(*video, chunk, *asked.answer, asking);
  }
  count(text.coverage, r.answer);
  text.paragraphs = std::move(r.aligned.paragraphs);
  if (off_task(r)) {
    spdlog::warn("{}: the model declined this part twice; it is kept untranslated", video->label(name));
    settle(text.paragraphs, whole_chunk(chunk), video->lines, Untranslated::refused, chunk.end);
    if (with_notes) text.notes = empty_notes();
    co_return text;
  }
  if (r.judgement.verdict == Verdict::redo_in_halves) {
    text.redo_in_halves = r.judgement.why;
    co_return text;
  }
  add_counts(text.passes, r.passes);
  const bool truncated = r.aligned.cut;
  if (truncated) note_cut(filling, r, chunk_chars(video->lines, chunk));
  filling.gaps = std::move(r.aligned.gaps);
  auto filled = co_await fill_gaps(video, stop, chunk, name, std::move(text), std::move(filling));
  if (!filled) co_return filled.failure();
  if (with_notes && !truncated) filled->notes = answer_notes(*video, chunk, name, r.answer.notes);
  co_return filled;
}

}  // namespace ytm::pipeline
