#pragma once
// The state of one video going through the pipeline, shared by its concurrent steps (all on the
// io thread, so no locks). Internal to the pipeline.
#include <boost/asio/awaitable.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/chunking.hpp"
#include "pipeline/coverage.hpp"
#include "pipeline/model_step.hpp"
#include "pipeline/pipeline.hpp"

namespace ytm::pipeline {

struct VideoRun {
  VideoRun(PipelineContext& context, const PipelineInput& video) : ctx(context), input(video) {}

  PipelineContext& ctx;
  const PipelineInput& input;
  std::string video_id;
  std::string source_language;
  std::string target_language;
  double duration = 0;
  std::vector<SourceChapter> chapters;  // the creator's, sorted
  std::vector<Line> lines;
  std::vector<Chunk> chunks;
  std::map<std::string, std::string> vars;  // prompt fields common to every request of the video
  std::string model_name;

  StepUsage usage;
  Coverage coverage;
  std::optional<Failure> failure;                    // the first failure stops every step before its next call
  std::vector<std::vector<Paragraph>> translations;  // per chunk
  std::vector<nlohmann::json> notes;                 // per chunk, in notes mode
  std::size_t notes_left = 0;
  std::optional<nlohmann::json> summary;

  void fail(const Failure& f) {
    if (!failure) failure = f;
  }
  [[nodiscard]] std::string label(const std::string& step) const { return video_id + " " + step; }
};

// A finished step's checkpoint: output is {"value": ..., "calls": n}.
struct StepOutput {
  nlohmann::json value;
  StepUsage usage;  // what the step cost when it was made
};

// Looks the step up; on a hit adds its recorded usage to the run and tells ctx.on_step.
boost::asio::awaitable<std::optional<StepOutput>> reuse_step(VideoRun& run, std::string name, std::string hash);
// Saves the step and tells ctx.on_step.
boost::asio::awaitable<void> finish_step(VideoRun& run, std::string name, std::string hash, std::string prompt_version,
                                         nlohmann::json value, StepUsage usage);

// call_model for one of the run's steps: its usage goes to the step and to the run.
boost::asio::awaitable<Outcome<model::Reply>> call_for_step(VideoRun& run, ModelCallSpec spec, StepUsage& step_usage);

// Requests, filled from the prompt files.
// with_notes: the translate_notes prompt, whose answer ends with the chunk's notes.
model::Request translate_request(const VideoRun& run, const Chunk& chunk, const std::string& part, bool with_notes);
// Only the gaps' lines of the chunk, with the translate prompt: "translate 41:10-44:30".
model::Request gap_request(const VideoRun& run, const Chunk& chunk, const std::vector<Gap>& gaps);
model::Request notes_request(const VideoRun& run, const Chunk& chunk, const std::string& part);
model::Request summary_request(const VideoRun& run, bool from_notes);
model::Request repair_request(const VideoRun& run, const model::Request& original, const std::string& answer,
                              const std::string& error);
std::string part_label(const VideoRun& run, const Chunk& chunk, const std::string& suffix);

// The jobs run_pipeline starts; each records its result or failure in the run.
// with_notes: one call per chunk answers with its translation and its notes (notes_done is told);
// when the answer's notes are missing or invalid, a notes_job for the chunk makes them.
boost::asio::awaitable<void> translate_job(VideoRun& run, std::size_t index, bool with_notes);
boost::asio::awaitable<void> notes_job(VideoRun& run, std::size_t index);
// Keeps a chunk's notes; the last chunk's notes run the summary.
boost::asio::awaitable<void> notes_done(VideoRun& run, std::size_t index, nlohmann::json notes);
boost::asio::awaitable<void> summary_job(VideoRun& run, bool from_notes);

}  // namespace ytm::pipeline
