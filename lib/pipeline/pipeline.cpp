#include "pipeline/pipeline.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <variant>

#include "core/fault.hpp"
#include "core/time.hpp"
#include "pipeline/chunk_line.hpp"
#include "pipeline/grounding.hpp"
#include "pipeline/notes_summary.hpp"
#include "pipeline/speakers.hpp"
#include "pipeline/stages/splice.hpp"
#include "pipeline/summary.hpp"
#include "pipeline/measure.hpp"
#include "pipeline/video.hpp"
#include "pipeline/video_terms.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

// What one of a video's concurrent parts hands back: a chunk, or the summary.
using PartResult = std::variant<ChunkResult, JsonDone>;

// The video's state, owned here alone: the parts run concurrently on the shared read-only Video
// and hand their results back by value.
struct VideoRun {
  VideoRef video;
  StopRef stop = std::make_shared<Stop>();
  std::vector<std::vector<Paragraph>> translations;  // per chunk
  std::vector<json> notes;                           // per chunk, when the summary is made from them
  std::optional<json> summary;
  Coverage coverage;
  PassCounts passes;
  StepUsage usage;
};

bool summarise_from_notes(const Video& video) {
  if (video.chunks.size() > 1) return true;
  const int threshold = video.ctx.settings.notes_above_tokens;
  return threshold > 0 && !video.chunks.empty() && video.chunks.front().tokens > threshold;
}

asio::awaitable<PartResult> chunk_part(VideoRef video, StopRef stop, std::size_t index, bool with_notes) {
  ChunkResult result = co_await translate_chunk(video, stop, index, with_notes);
  co_return PartResult{std::move(result)};
}

// The notes alone, for a video already in the output language.
asio::awaitable<PartResult> notes_part(VideoRef video, StopRef stop, std::size_t index) {
  ChunkResult result;
  result.index = index;
  JsonDone notes = co_await chunk_notes(video, stop, video->chunks[index]);
  result.usage = notes.usage;
  result.passes = std::move(notes.passes);
  if (notes.value) {
    result.notes = std::move(*notes.value);
  } else {
    stop->fail(notes.value.failure());
    result.failed = true;
  }
  co_return PartResult{std::move(result)};
}

asio::awaitable<PartResult> summary_part(VideoRef video, StopRef stop) {
  JsonDone summary = co_await summarise(video, stop, {});
  if (!summary.value) stop->fail(summary.value.failure());
  co_return PartResult{std::move(summary)};
}

asio::awaitable<std::vector<PartResult>> run_all(std::vector<asio::awaitable<PartResult>> parts) {
  if (parts.empty()) co_return std::vector<PartResult>{};
  const auto executor = co_await asio::this_coro::executor;
  using Op = decltype(asio::co_spawn(executor, std::move(parts.front()), asio::deferred));
  std::vector<Op> ops;
  ops.reserve(parts.size());
  for (auto& part : parts) ops.push_back(asio::co_spawn(executor, std::move(part), asio::deferred));
  auto [order, errors, results] = co_await asio::experimental::make_parallel_group(std::move(ops))
                                      .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  co_return std::move(results);
}

void take(VideoRun& run, PartResult part) {
  if (auto* summary = std::get_if<JsonDone>(&part)) {
    run.usage.add(summary->usage);
    add_counts(run.passes, summary->passes);
    if (summary->value) {
      run.summary = std::move(*summary->value);
    } else {
      run.stop->fail(summary->value.failure());
    }
    return;
  }
  auto& chunk = std::get<ChunkResult>(part);
  run.usage.add(chunk.usage);
  run.coverage.dropped_lines += chunk.coverage.dropped_lines;
  run.coverage.dropped_labels += chunk.coverage.dropped_labels;
  run.coverage.gap_calls += chunk.coverage.gap_calls;
  add_counts(run.passes, chunk.passes);
  if (!chunk.paragraphs.empty()) run.translations[chunk.index] = std::move(chunk.paragraphs);
  if (chunk.notes) run.notes[chunk.index] = std::move(*chunk.notes);
}

// The terms of the first `chunks` chunks' notes become the video's glossary for the requests after them.
void carry_terms(VideoRun& run, std::size_t chunks) {
  const std::vector<json> notes(run.notes.begin(), run.notes.begin() + static_cast<std::ptrdiff_t>(chunks));
  std::vector<std::string> written(chunks);
  for (std::size_t i = 0; i < chunks && i < run.translations.size(); ++i) written[i] = written_text(run.translations[i]);
  Terms terms = video_glossary(notes, written, run.video->ctx.settings.channel_glossary);
  if (terms == run.video->terms) return;
  spdlog::info("{}: {} names and terms carried by the requests after part {}", run.video->id, terms.size(), chunks);
  run.video = with_terms(run.video, std::move(terms));
}

void unify_terms(VideoRun& run) {
  const int changed = unify_renderings(run.translations, run.notes, run.video->ctx.settings.channel_glossary);
  if (changed == 0) return;
  run.passes[unified_names_pass] += PassTally{
      changed, "a name written otherwise than where it first occurs (the parts' notes say how): written as there"};
}

VideoResult assemble(const VideoRun& run, const PipelineInput& input) {
  const Video& video = *run.video;
  VideoResult result;
  result.video = input.video;
  result.video.duration = static_cast<int>(video.duration);
  result.video.language = video.source_language;
  result.output_language = video.target_language;
  result.model = video.model_name;
  result.generated = now_unix();
  result.translation = join_chunks(run.translations, video.duration);
  result.summary = summary_from_json(*run.summary);
  fault_point("grounding", video.id);
  result.grounding =
      ground_summary(result.summary, input, video.duration, GroundingOptions{video.ctx.settings.quote_window_seconds});
  if (result.summary.chapters.empty()) {
    result.summary.chapters.push_back({0, static_cast<int>(video.duration), input.video.title, result.summary.tldr});
  }
  result.coverage = run.coverage;
  result.passes = pass_notes(run.passes);
  result.terms = video.terms;
  Terms renderings = video.ctx.settings.channel_glossary;
  renderings.insert(renderings.end(), video.terms.begin(), video.terms.end());
  const auto speakers = check_speakers(result.translation, SpeakerMaterial{video.lines, input.video.title,
                                                                           input.video.description, video.hosts,
                                                                           std::move(renderings)});
  result.speakers = speakers.speakers;
  if (speakers.invented > 0) {
    result.passes.push_back(PassNote{invented_names_pass, speakers.invented,
                                     "names the model gave speakers that the captions, title, description and the "
                                     "channel's hosts never mention: a neutral label used"});
  }
  count_untranslated(result);
  const StepUsage& u = run.usage;
  result.usage = {u.input_tokens, u.output_tokens, u.cost_usd, u.calls, u.list_cost_usd, u.batched_calls};
  return result;
}

}  // namespace

asio::awaitable<Outcome<VideoResult>> run_pipeline(PipelineContext ctx, PipelineInput input) {
  VideoRun run;
  run.video = make_video(std::move(ctx), input);
  // run.video is replaced once terms are carried; this keeps the first alive for `video`.
  const VideoRef first = run.video;
  const Video& video = *first;
  if (video.lines.empty()) {
    co_return Failure::permanent(FailureCode::empty_transcript,
                                 "the transcript of " + input.video.id + " has no speech to work on");
  }
  const bool same = !video.ctx.settings.translate || same_language(video.source_language, video.target_language);
  const bool from_notes = summarise_from_notes(video);
  const char* why_same = video.ctx.settings.translate ? " (same language: no translation)" : " (no translation wanted)";
  spdlog::info("{}: {} lines in {} chunks, {} → {}{}{}", video.id, video.lines.size(), video.chunks.size(),
               video.source_language, video.target_language, same ? why_same : "",
               from_notes ? ", summary from chunk notes" : "");

  // Translating with notes sends each chunk once for both; a video already in the output language
  // needs the notes alone. The summary from notes waits for the last chunk's.
  std::vector<asio::awaitable<PartResult>> parts;
  if (!from_notes) parts.push_back(summary_part(run.video, run.stop));
  run.translations.resize(video.chunks.size());
  if (from_notes) run.notes.resize(video.chunks.size());
  if (same) run.translations = {paragraphs_from_lines(video.lines, video.duration)};
  // A translation with notes goes first alone: the terms its notes say it rendered are carried by
  // every later request, so a name is written one way in the document. The others wait one call.
  const bool first_alone = !same && from_notes && video.chunks.size() > 1;
  if (first_alone) {
    std::vector<asio::awaitable<PartResult>> opening;
    opening.push_back(chunk_part(run.video, run.stop, 0, true));
    std::vector<PartResult> opened = co_await run_all(std::move(opening));
    for (PartResult& part : opened) take(run, std::move(part));
    carry_terms(run, 1);
  }
  for (std::size_t i = first_alone ? 1 : 0; i < video.chunks.size(); ++i) {
    if (!same) {
      parts.push_back(chunk_part(run.video, run.stop, i, from_notes));
    } else if (from_notes) {
      parts.push_back(notes_part(run.video, run.stop, i));
    }
  }
  std::vector<PartResult> done = co_await run_all(std::move(parts));
  for (PartResult& part : done) take(run, std::move(part));
  if (from_notes && !run.stop->failure()) {
    if (!same) {
      carry_terms(run, run.notes.size());
      unify_terms(run);
    }
    JsonDone summary = co_await summarise(run.video, run.stop, run.notes);
    take(run, std::move(summary));
  }

  if (run.stop->failure()) co_return *run.stop->failure();
  if (!run.summary) co_return Failure::permanent(FailureCode::invalid_output, "the summary of " + video.id + " was not made");
  co_return assemble(run, input);
}

}  // namespace ytm::pipeline
