#include "pipeline/chunk_answer.hpp"

#include <spdlog/spdlog.h>

#include "core/utf8.hpp"
#include "pipeline/summary.hpp"
#include "pipeline/text.hpp"
#include "pipeline/translation.hpp"
#include "pipeline/translation_answer.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

constexpr std::size_t notes_min_source_chars = 200;

struct RawAnswer {
  std::string text;
  bool truncated = false;
};

// Built outside the coroutines: GCC 12 cannot put a braced list of string literals in a frame.
json raw_value(const model::Reply& reply) {
  json value;
  value["text"] = reply.text;
  value["truncated"] = reply.truncated;
  return value;
}

// One call whose raw answer is checkpointed as step `name` (recorded with the call as `call_name`).
asio::awaitable<Outcome<RawAnswer>> answer_step(VideoRun& run, std::string name, std::string call_name,
                                                model::Request request, std::string version, StepUsage& usage) {
  const std::string hash = request_hash(request, version, run.model_name);
  if (auto done = co_await reuse_step(run, name, hash)) {
    usage.add(done->usage);
    co_return RawAnswer{done->value.value("text", ""), done->value.value("truncated", false)};
  }
  StepUsage call_usage;
  // Named, not a temporary in the co_await: GCC 12 frees such temporaries twice.
  const ModelCallSpec spec{run.video_id, call_name, request};
  auto reply = co_await call_for_step(run, spec, call_usage);
  usage.add(call_usage);
  if (!reply) co_return reply.failure();
  co_await finish_step(run, name, hash, version, raw_value(*reply), call_usage);
  co_return RawAnswer{reply->text, reply->truncated};
}

std::size_t chunk_chars(const VideoRun& run, const Chunk& chunk) {
  std::size_t n = 0;
  for (std::size_t i = chunk.first; i < chunk.last; ++i) n += count_codepoints(run.lines[i].text);
  return n;
}

struct Read {
  TranslationAnswer answer;
  std::optional<std::string_view> notes_block;
  bool off_task = false;
};

Read read(const VideoRun& run, const Chunk& chunk, const RawAnswer& raw, bool with_notes) {
  const auto split = with_notes ? split_notes_block(raw.text) : TranslationWithNotes{raw.text, std::nullopt};
  Read r{read_translation(split.translation, chunk, run.lines, {run.input.video.channel}), split.notes, false};
  std::size_t target = 0;
  for (const Paragraph& p : r.answer.paragraphs) target += count_codepoints(p.text);
  const double ratio = expected_length_ratio(run.source_language, run.target_language);
  r.off_task =
      !raw.truncated && is_off_task(split.translation, r.answer.stamped, target, chunk_chars(run, chunk), ratio);
  return r;
}

std::vector<Gap> whole_chunk(const Chunk& chunk) { return {Gap{chunk.first, chunk.last, chunk.start, chunk.end}}; }

// The start of an answer for a log line, cut at a character boundary.
std::string opening_of(std::string_view text) { return collapse_spaces(text.substr(0, utf8_prefix_length(text, 120))); }

void count(Coverage& coverage, const TranslationAnswer& answer) {
  coverage.dropped_lines += answer.dropped_lines;
  coverage.dropped_labels += answer.dropped_labels;
}

// Asks for the gaps until none is left or the extra calls are spent; returns why what is left
// is missing.
asio::awaitable<Outcome<std::string>> fill_gaps(VideoRun& run, Chunk chunk, std::string name, ChunkText& text,
                                                std::vector<Gap>& gaps, int& extra, std::string reason,
                                                StepUsage& usage) {
  const std::string version = run.ctx.prompts.version(Task::translate);
  const double ratio = expected_length_ratio(run.source_language, run.target_language);
  while (!gaps.empty() && extra < max_extra_calls) {
    ++extra;
    ++text.coverage.gap_calls;
    spdlog::info("{}: the answer leaves out {}; asking for it on its own", run.label(name), gap_times(gaps));
    const std::string step = name + "/gap" + std::to_string(extra);
    const model::Request request = gap_request(run, chunk, gaps);
    auto raw = co_await answer_step(run, step, step, request, version, usage);
    if (!raw && raw.failure().code != "context_too_long") co_return raw.failure();
    if (!raw) break;
    const Chunk span = gap_span(gaps, chunk);
    Read r = read(run, span, *raw, false);
    count(text.coverage, r.answer);
    if (r.off_task) {
      reason = "refused";
      continue;
    }
    if (raw->truncated && !r.answer.paragraphs.empty()) r.answer.paragraphs.pop_back();
    splice(text.paragraphs, r.answer.paragraphs, gaps);
    gaps = find_gaps(text.paragraphs, run.lines, chunk, ratio, false);
  }
  co_return reason;
}

}  // namespace

std::optional<std::string> notes_problem(const json& notes, const VideoRun& run, const Chunk& chunk) {
  if (!notes.value("points", json::array()).empty() || chunk_chars(run, chunk) < notes_min_source_chars) {
    return std::nullopt;
  }
  return "the notes have no points for " + format_timestamp(chunk.end - chunk.start) + " of speech";
}

std::optional<json> answer_notes(const VideoRun& run, const Chunk& chunk, const std::string& name,
                                 std::optional<std::string_view> block) {
  if (!block) {
    spdlog::warn("{}: the answer has no notes block; asking for the notes separately", run.label(name));
    return std::nullopt;
  }
  JsonAnswer notes = read_json_answer(*block, std::nullopt, run.ctx.prompts.notes_schema, {run.duration});
  log_fixes(run.label(name) + " notes", notes.fixes);
  if (notes.value) {
    if (auto problem = notes_problem(*notes.value, run, chunk)) {
      notes.value.reset();
      notes.error = *problem;
    }
  }
  if (!notes.value) spdlog::warn("{}: {}; asking for the notes separately", run.label(name), notes.error);
  return std::move(notes.value);
}

asio::awaitable<Outcome<ChunkText>> chunk_text(VideoRun& run, Chunk chunk, std::string name, model::Request request,
                                               std::string version, bool with_notes, StepUsage& usage) {
  ChunkText text;
  auto raw = co_await answer_step(run, name + "/answer", name, request, version, usage);
  if (!raw) {
    if (raw.failure().code != "context_too_long") co_return raw.failure();
    text.redo_in_halves = "the prompt is too long for the model";
    co_return text;
  }
  Read r = read(run, chunk, *raw, with_notes);
  int extra = 0;
  if (r.off_task) {
    spdlog::warn("{}: the answer is no translation ({}); asking once more", run.label(name), opening_of(raw->text));
    ++extra;
    ++text.coverage.gap_calls;
    raw = co_await answer_step(run, name + "/again", name + "/again", request, version, usage);
    if (!raw) co_return raw.failure();
    r = read(run, chunk, *raw, with_notes);
  }
  count(text.coverage, r.answer);
  text.paragraphs = std::move(r.answer.paragraphs);
  if (r.off_task) {
    spdlog::warn("{}: the model declined this part twice; it is kept untranslated", run.label(name));
    keep_original(text.paragraphs, whole_chunk(chunk), run.lines, "refused");
    close_paragraphs(text.paragraphs, chunk.end);
    if (with_notes) text.notes = empty_notes();
    co_return text;
  }
  if (auto problem = chapter_break_problem(text.paragraphs, run.lines, chunk); problem && !raw->truncated) {
    text.redo_in_halves = "the translation is misplaced: " + *problem;
    co_return text;
  }
  const double ratio = expected_length_ratio(run.source_language, run.target_language);
  auto gaps = find_gaps(text.paragraphs, run.lines, chunk, ratio, raw->truncated);
  auto reason =
      co_await fill_gaps(run, chunk, name, text, gaps, extra, raw->truncated ? "cut_off" : "incomplete", usage);
  if (!reason) co_return reason.failure();
  if (!gaps.empty()) {
    spdlog::warn("{}: {} still untranslated after {} extra calls; kept as the original transcript ({})",
                 run.label(name), gap_times(gaps), extra, *reason);
    keep_original(text.paragraphs, gaps, run.lines, *reason);
  }
  close_paragraphs(text.paragraphs, chunk.end);
  if (with_notes && !raw->truncated) text.notes = answer_notes(run, chunk, name, r.notes_block);
  co_return text;
}

}  // namespace ytm::pipeline
