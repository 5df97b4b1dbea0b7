#include "pipeline/chunk_line.hpp"

#include <spdlog/spdlog.h>

#include "core/utf8.hpp"
#include "pipeline/checkpoints.hpp"
#include "pipeline/notes_summary.hpp"
#include "pipeline/stages/accept.hpp"
#include "pipeline/stages/align.hpp"
#include "pipeline/stages/clean_answer.hpp"
#include "pipeline/stages/raw_answer.hpp"
#include "pipeline/stages/request.hpp"
#include "pipeline/stages/splice.hpp"
#include "pipeline/step_cache.hpp"
#include "pipeline/summary.hpp"
#include "pipeline/measure.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

// A chunk's text as its answers make it; owned by the chunk's coroutine.
struct ChunkText {
  std::vector<Paragraph> paragraphs;
  std::optional<json> notes;  // asked for notes: nullopt when the answers held none that are valid
  Coverage coverage;
  StepUsage usage;
  PassCounts passes;
  std::optional<std::string> redo_in_halves;  // why the chunk must be split instead
  std::vector<Gap> gaps;                      // still missing
  int extra = 0;                              // extra calls spent
  int asks = 0;                               // gap requests made (their steps' numbers)
  // After an answer was cut off: the source characters it managed, which the next request may not
  // exceed; and the calls given back because a request so sized went on where the cut one stopped.
  std::optional<std::size_t> capacity;
  int refunds = 0;
  bool gap_cut = false;  // a gap answer was cut and sized the requests after it
};

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
};

// part: the chunk, or the span of its gaps a gap answer covers.
Reading read(const Video& video, const Chunk& part, const RawAnswer& raw, const Asking& asking) {
  Reading r;
  r.answer = clean_answer(raw.text, asking.with_notes, ReadFacts{part, video.lines, {video.channel}}, r.passes);
  const LanguageFacts language{video.source_language, video.target_language};
  const bool notes_lost = asking.with_notes && !r.answer.notes;
  r.aligned =
      align(r.answer, AlignFacts{part, video.lines, raw.truncated, asking.ratio, language, notes_lost}, r.passes);
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
    if (!p.untranslated.empty()) continue;
    for (std::size_t i = chunk.first; i < chunk.last; ++i) {
      if (lines[i].start + 1 >= p.start && lines[i].start < p.end) source += count_codepoints(lines[i].text);
    }
  }
  std::size_t written = 0;
  for (const Paragraph& p : text.paragraphs) written += p.untranslated.empty() ? count_codepoints(p.text) : 0;
  return source > 0 && written > 0 ? static_cast<double>(written) / static_cast<double>(source) : expected;
}

// A cut answer sizes the next request: what it managed, or half of what it was asked when it
// managed nothing; never more than an earlier cut allowed.
void note_cut(ChunkText& text, const Reading& r, const std::vector<Line>& lines, const Chunk& asked) {
  std::size_t managed = r.aligned.covered;
  if (managed == 0) managed = std::max<std::size_t>(1, chunk_chars(lines, asked) / 2);
  text.capacity = std::min(text.capacity.value_or(managed), managed);
}

// The start of an answer for a log line, cut at a character boundary.
std::string opening_of(std::string_view text) { return collapse_spaces(text.substr(0, utf8_prefix_length(text, 120))); }

// Asks for the gaps until none is left or the extra calls are spent; what is still missing is kept
// as the original, marked with `why`.
asio::awaitable<Outcome<ChunkText>> fill_gaps(VideoRef video, StopRef stop, Chunk chunk, std::string name,
                                              ChunkText text, std::string why) {
  const std::string version = video->ctx.prompts.version(Task::translate);
  const double ratio = expected_length_ratio(video->source_language, video->target_language);
  while (!text.gaps.empty() && text.extra < max_extra_calls) {
    const bool sized = text.capacity.has_value();
    const std::vector<Gap> asked = sized ? gaps_within(text.gaps, video->lines, *text.capacity) : text.gaps;
    ++text.extra;
    ++text.coverage.gap_calls;
    spdlog::info(
        "{}: the answer leaves out {}; asking for {} on its own", video->label(name), gap_times(text.gaps),
        asked.size() == text.gaps.size() && asked.back().last == text.gaps.back().last ? "it" : gap_times(asked));
    const std::string step = name + "/gap" + std::to_string(++text.asks);
    const model::Request request = gap_request(*video, chunk, asked);
    const Chunk span = gap_span(asked, chunk);
    Asked answer = co_await ask(video, stop, step, step, request, version);
    text.usage.add(answer.usage);
    if (!answer.answer && answer.answer.failure().code != FailureCode::context_too_long) co_return answer.answer.failure();
    if (!answer.answer) break;
    const Asking asking{false, false, written_ratio(text, video->lines, chunk, ratio), gap_chars(asked, video->lines)};
    const Reading r = read(*video, span, *answer.answer, asking);
    count(text.coverage, r.answer);
    if (off_task(r)) {
      why = untranslated::refused;
      continue;
    }
    add_counts(text.passes, r.passes);
    if (r.aligned.cut) {
      why = untranslated::cut_off;
      // A gap answer's cut sizes the requests after it once: another does not shrink them again,
      // so a stretch is never asked for in ever smaller pieces.
      if (!text.gap_cut) note_cut(text, r, video->lines, span);
      text.gap_cut = true;
    }
    const std::size_t missing = gap_chars(text.gaps, video->lines);
    splice(text.paragraphs, r.aligned.paragraphs, asked);
    text.gaps = asked.size() == 1 ? gaps_after(text.gaps, asked.front(), r.aligned.gaps)
                                  : find_gaps(text.paragraphs, video->lines, chunk, ratio, false);
    // A request sized by a cut that answered all it was asked and got further costs no extra call
    // (up to a limit); one cut again, or one that left as much missing as before, does: a model
    // that stops half-way whatever it is asked is not asked in ever more pieces.
    if (sized && !r.aligned.cut && gap_chars(text.gaps, video->lines) < missing && text.refunds < max_cut_calls) {
      --text.extra;
      ++text.refunds;
    }
  }
  if (!text.gaps.empty()) {
    spdlog::warn("{}: {} still untranslated after {} extra calls; kept as the original transcript ({})",
                 video->label(name), gap_times(text.gaps), text.extra, why);
  }
  settle(text.paragraphs, text.gaps, video->lines, why, chunk.end);
  co_return text;
}

// The chunk's text from its answers: the first one; a refusal asked once more; the gaps asked for.
asio::awaitable<Outcome<ChunkText>> answer_chunk(VideoRef video, StopRef stop, Chunk chunk, std::string name,
                                                 model::Request request, std::string version, bool with_notes) {
  ChunkText text;
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
    ++text.extra;
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
    settle(text.paragraphs, whole_chunk(chunk), video->lines, std::string(untranslated::refused), chunk.end);
    if (with_notes) text.notes = empty_notes();
    co_return text;
  }
  if (r.judgement.verdict == Verdict::redo_in_halves) {
    text.redo_in_halves = r.judgement.why;
    co_return text;
  }
  add_counts(text.passes, r.passes);
  const bool truncated = r.aligned.cut;
  if (truncated) note_cut(text, r, video->lines, chunk);
  text.gaps = std::move(r.aligned.gaps);
  const std::string why(truncated ? untranslated::cut_off : untranslated::incomplete);
  auto filled = co_await fill_gaps(video, stop, chunk, name, std::move(text), why);
  if (!filled) co_return filled.failure();
  if (with_notes && !truncated) filled->notes = answer_notes(*video, chunk, name, r.answer.notes);
  co_return filled;
}

// Built outside the coroutines: GCC 12 cannot put a braced list of string literals in a frame.
json split_marker(const std::string& why) {
  json marker;
  marker["why"] = why;
  return marker;
}

// A chunk or half of one, as its translate step keeps it.
struct Piece {
  std::vector<Paragraph> paragraphs;
  std::optional<json> notes;  // asked for notes: nullopt when the answer held none that are valid
  StepUsage usage;            // every call made for the piece, its halves' included
  Coverage coverage;
  PassCounts passes;
};

json coverage_value(const Coverage& c) {
  json value;
  value["dropped_lines"] = c.dropped_lines;
  value["dropped_labels"] = c.dropped_labels;
  value["gap_calls"] = c.gap_calls;
  return value;
}

Coverage coverage_from(const json& value) {
  Coverage c;
  c.dropped_lines = value.value("dropped_lines", 0);
  c.dropped_labels = value.value("dropped_labels", 0);
  c.gap_calls = value.value("gap_calls", 0);
  return c;
}

void add(Coverage& into, const Coverage& more) {
  into.dropped_lines += more.dropped_lines;
  into.dropped_labels += more.dropped_labels;
  into.gap_calls += more.gap_calls;
}

json passes_value(const PassCounts& counts) {
  json value = json::array();
  for (const auto& [name, tally] : counts) {
    json one;
    one["name"] = name;
    one["count"] = tally.count;
    one["why"] = tally.why;
    value.push_back(std::move(one));
  }
  return value;
}

PassCounts passes_from(const json& value) {
  PassCounts counts;
  for (const auto& one : value) {
    counts[one.value("name", std::string())] += PassTally{one.value("count", 0), one.value("why", std::string())};
  }
  return counts;
}

// A checkpoint keeps a translation as an object (its paragraph list alone before the passes were
// kept, which is read still).
json piece_value(const Piece& piece) {
  json value;
  value["paragraphs"] = checkpoint::paragraphs_json(piece.paragraphs);
  value["notes"] = piece.notes ? *piece.notes : json(nullptr);
  value["coverage"] = coverage_value(piece.coverage);
  value["passes"] = passes_value(piece.passes);
  return value;
}

Piece piece_from_value(const json& value, const StepUsage& usage) {
  if (value.is_array()) return Piece{checkpoint::paragraphs(value), std::nullopt, usage, {}, {}};
  Piece piece{checkpoint::paragraphs(value.value("paragraphs", json::array())), std::nullopt, usage,
              coverage_from(value.value("coverage", json::object())),
              passes_from(value.value("passes", json::array()))};
  if (value.contains("notes") && value["notes"].is_object()) piece.notes = value["notes"];
  return piece;
}

asio::awaitable<Outcome<Piece>> translate_piece(VideoRef video, StopRef stop, Chunk chunk, std::string name,
                                                std::string suffix, bool with_notes);

asio::awaitable<Outcome<Piece>> translate_halves(VideoRef video, StopRef stop, Chunk chunk, std::string name,
                                                 std::string suffix, bool with_notes, std::string why,
                                                 StepUsage spent) {
  const auto halves = split_chunk(video->lines, chunk);
  // A chunk holding a chapter start splits there whatever its size: that always ends.
  const bool small = chunk.tokens < video->ctx.settings.min_split_tokens && !has_chapter_start(video->lines, chunk);
  if (!halves || small) {
    co_return Failure::permanent(FailureCode::cut_off, "the translation of " + video->label(name) +
                                                " stays incomplete even for a piece of " +
                                                std::to_string(chunk.tokens) + " tokens (" + why +
                                                "); raise model.max_output_tokens or try another model");
  }
  spdlog::info("{}: {}; translating it in two halves", video->label(name), why);
  Piece whole;
  whole.usage = spent;
  if (with_notes) whole.notes = empty_notes();
  int half_number = 1;
  // A vector, not a braced list: GCC 12 cannot keep an initializer_list in a coroutine frame.
  const std::vector<Chunk> parts{halves->first, halves->second};
  for (const Chunk& half : parts) {
    const std::string half_suffix = suffix + "." + std::to_string(half_number++);
    const std::string half_name = checkpoint::translate(chunk.index, half_suffix);
    auto part = co_await translate_piece(video, stop, half, half_name, half_suffix, with_notes);
    if (!part) co_return part.failure();
    whole.paragraphs.insert(whole.paragraphs.end(), part->paragraphs.begin(), part->paragraphs.end());
    whole.usage.add(part->usage);
    add(whole.coverage, part->coverage);
    add_counts(whole.passes, part->passes);
    if (whole.notes && part->notes) {
      merge_notes(*whole.notes, *part->notes);
    } else {
      whole.notes.reset();
    }
  }
  co_return whole;
}

asio::awaitable<Outcome<Piece>> translate_piece(VideoRef video, StopRef stop, Chunk chunk, std::string name,
                                                std::string suffix, bool with_notes) {
  const auto request = translate_request(*video, chunk, part_label(*video, chunk, suffix), with_notes);
  const std::string version = video->ctx.prompts.version(with_notes ? Task::translate_notes : Task::translate);
  const std::string hash = request_hash(request, version, video->model_name);
  if (auto done = co_await reuse_step(video, name, hash)) co_return piece_from_value(done->value, done->usage);
  // A piece found misplaced before a restart goes straight to its halves.
  std::string why;
  StepUsage usage;
  if (auto split = co_await reuse_step(video, name + "/split", hash)) {
    why = split->value.value("why", std::string("misplaced before"));
    usage = split->usage;
  } else {
    auto text = co_await answer_chunk(video, stop, chunk, name, request, version, with_notes);
    if (!text) co_return text.failure();
    usage = text->usage;
    if (!text->passes.empty()) {
      spdlog::info("{}: taken out of the answers: {}", video->label(name), describe(text->passes));
    }
    if (!text->redo_in_halves) {
      Piece piece{std::move(text->paragraphs), std::move(text->notes), usage, text->coverage, std::move(text->passes)};
      co_await finish_step(video, name, hash, version, piece_value(piece), usage);
      co_return piece;
    }
    why = std::move(*text->redo_in_halves);
    co_await finish_step(video, name + "/split", hash, version, split_marker(why), usage);
  }
  auto halves = co_await translate_halves(video, stop, chunk, name, suffix, with_notes, why, usage);
  if (!halves) co_return halves.failure();
  co_await finish_step(video, name, hash, version, piece_value(*halves), halves->usage);
  co_return halves;
}

}  // namespace

asio::awaitable<ChunkResult> translate_chunk(VideoRef video, StopRef stop, std::size_t index, bool with_notes) {
  ChunkResult result;
  result.index = index;
  if (stop->failure()) co_return result;
  const Chunk chunk = video->chunks[index];
  auto piece = co_await translate_piece(video, stop, chunk, checkpoint::translate(chunk.index), "", with_notes);
  if (!piece) {
    stop->fail(piece.failure());
    result.failed = true;
    co_return result;
  }
  result.paragraphs = std::move(piece->paragraphs);
  result.coverage = piece->coverage;
  result.passes = std::move(piece->passes);
  result.usage = piece->usage;
  if (!with_notes) co_return result;
  if (piece->notes) {
    result.notes = std::move(piece->notes);
    co_return result;
  }
  JsonDone notes = co_await chunk_notes(video, stop, chunk);
  result.usage.add(notes.usage);
  add_counts(result.passes, notes.passes);
  if (!notes.value) {
    stop->fail(notes.value.failure());
    result.failed = true;
    co_return result;
  }
  result.notes = std::move(*notes.value);
  co_return result;
}

}  // namespace ytm::pipeline
