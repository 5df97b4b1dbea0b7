#include "pipeline/pipeline.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/fault.hpp"
#include "core/time.hpp"
#include "core/utf8.hpp"
#include "model/backend.hpp"
#include "pipeline/grounding.hpp"
#include "pipeline/summary.hpp"
#include "pipeline/text.hpp"
#include "pipeline/translation.hpp"
#include "pipeline/video_run.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;

namespace {

constexpr std::size_t max_description_chars = 1500;

std::string utf8_prefix(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  return text.substr(0, utf8_prefix_length(text, max_bytes)) + " …";
}

double video_duration(const PipelineInput& input) {
  double end = input.video.duration;
  for (const Segment& s : input.segments) end = std::max(end, s.end);
  return input.video.duration > 0 ? input.video.duration : end;
}

void prepare(VideoRun& run) {
  const PipelineInput& in = run.input;
  run.video_id = in.video.id;
  run.duration = video_duration(in);
  run.chapters = sorted_chapters(in.chapters);
  run.lines = build_lines(in.segments, run.chapters);
  run.target_language = in.output_language;
  std::string sample;
  for (std::size_t i = 0; i < run.lines.size() && sample.size() < 4000; ++i) sample += run.lines[i].text;
  run.source_language = !in.video.language.empty() ? in.video.language : guess_language(sample);
  run.chunks = make_chunks(run.lines, run.ctx.settings.model.max_chunk_tokens, run.duration);
  run.translations.resize(run.chunks.size());
  run.model_name = run.ctx.backend.name();
  run.vars = {{"LANGUAGE", run.target_language},
              {"LANGUAGE_NAME", language_name(run.target_language)},
              {"TITLE", in.video.title},
              {"CHANNEL", in.video.channel},
              {"DURATION", std::to_string(static_cast<long>(run.duration))},
              {"DURATION_TEXT", format_timestamp(run.duration)},
              {"DESCRIPTION", utf8_prefix(in.video.description, max_description_chars)}};
}

bool summarise_from_notes(const VideoRun& run) {
  if (run.chunks.size() > 1) return true;
  const int threshold = run.ctx.settings.notes_above_tokens;
  return threshold > 0 && !run.chunks.empty() && run.chunks.front().tokens > threshold;
}

asio::awaitable<void> run_all(std::vector<asio::awaitable<void>> jobs) {
  if (jobs.empty()) co_return;
  const auto executor = co_await asio::this_coro::executor;
  using Op = decltype(asio::co_spawn(executor, std::move(jobs.front()), asio::deferred));
  std::vector<Op> ops;
  ops.reserve(jobs.size());
  for (auto& job : jobs) ops.push_back(asio::co_spawn(executor, std::move(job), asio::deferred));
  auto [order, errors] = co_await asio::experimental::make_parallel_group(std::move(ops))
                             .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

std::vector<Paragraph> full_text(const VideoRun& run) {
  std::vector<Paragraph> text;
  for (const auto& part : run.translations) text.insert(text.end(), part.begin(), part.end());
  for (std::size_t i = 0; i < text.size(); ++i) {
    text[i].end = i + 1 < text.size() ? text[i + 1].start : static_cast<int>(run.duration);
  }
  return text;
}

void count_untranslated(VideoResult& result) {
  const auto& text = result.translation;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i].untranslated.empty()) continue;
    if (i == 0 || text[i - 1].untranslated.empty()) ++result.coverage.untranslated_passages;
    result.coverage.untranslated_seconds += text[i].end - text[i].start;
  }
}

VideoResult assemble(VideoRun& run) {
  VideoResult result;
  result.video = run.input.video;
  result.video.duration = static_cast<int>(run.duration);
  result.video.language = run.source_language;
  result.output_language = run.target_language;
  result.model = run.model_name;
  result.generated = now_unix();
  result.translation = full_text(run);
  result.summary = summary_from_json(*run.summary);
  fault_point("grounding", run.video_id);
  result.grounding =
      ground_summary(result.summary, run.input, run.duration, GroundingOptions{run.ctx.settings.quote_window_seconds});
  if (result.summary.chapters.empty()) {
    result.summary.chapters.push_back({0, static_cast<int>(run.duration), run.input.video.title, result.summary.tldr});
  }
  result.coverage = run.coverage;
  count_untranslated(result);
  result.usage = {run.usage.input_tokens, run.usage.output_tokens, run.usage.cost_usd, run.usage.calls};
  return result;
}

}  // namespace

asio::awaitable<Outcome<VideoResult>> run_pipeline(PipelineContext& ctx, const PipelineInput& input) {
  VideoRun run{ctx, input};
  prepare(run);
  if (run.lines.empty()) {
    co_return Failure::permanent("empty_transcript",
                                 "the transcript of " + input.video.id + " has no speech to work on");
  }
  const bool same = same_language(run.source_language, run.target_language);
  const bool from_notes = summarise_from_notes(run);
  spdlog::info("{}: {} lines in {} chunks, {} → {}{}{}", run.video_id, run.lines.size(), run.chunks.size(),
               run.source_language, run.target_language, same ? " (same language: no translation)" : "",
               from_notes ? ", summary from chunk notes" : "");

  // Translating with notes sends each chunk once for both; a video already in the output language
  // needs the notes alone.
  std::vector<asio::awaitable<void>> jobs;
  if (from_notes) {
    run.notes.resize(run.chunks.size());
    run.notes_left = run.chunks.size();
  } else {
    jobs.push_back(summary_job(run, false));
  }
  if (same) run.translations = {paragraphs_from_lines(run.lines, run.duration)};
  for (std::size_t i = 0; i < run.chunks.size(); ++i) {
    if (!same) {
      jobs.push_back(translate_job(run, i, from_notes));
    } else if (from_notes) {
      jobs.push_back(notes_job(run, i));
    }
  }
  co_await run_all(std::move(jobs));

  if (run.failure) co_return *run.failure;
  if (!run.summary) co_return Failure::permanent("invalid_output", "the summary of " + run.video_id + " was not made");
  co_return assemble(run);
}

}  // namespace ytm::pipeline
