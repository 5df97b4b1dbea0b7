// Requests for each task, filled from the prompt files, and the checkpoint helpers around them.
#include <spdlog/spdlog.h>

#include "pipeline/prompts.hpp"
#include "pipeline/text.hpp"
#include "pipeline/video_run.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

// Long answers to repair are cut: the model needs to see what it wrote, not all of it.
constexpr std::size_t max_repair_echo = 60000;

model::Request make_request(const VideoRun& run, const std::string& template_name,
                            std::map<std::string, std::string> extra, const std::string& label) {
  std::map<std::string, std::string> vars = run.vars;
  vars.merge(extra);
  model::Request request;
  request.system = fill(run.ctx.prompts.text("system.md"), vars);
  request.prompt = fill(run.ctx.prompts.text(template_name), vars);
  request.max_output_tokens = run.ctx.settings.model.max_output_tokens;
  request.label = run.label(label);
  return request;
}

std::string chapters_block(const VideoRun& run) {
  if (run.chapters.empty()) return "";
  std::string block = "<chapters>\n";
  for (const SourceChapter& c : run.chapters) block += "[" + format_timestamp(c.start) + "] " + c.title + "\n";
  return block + "</chapters>\n";
}

std::string chunk_transcript(const VideoRun& run, const Chunk& chunk) {
  return render_lines(run.lines, chunk.first, chunk.last, run.chapters);
}

std::string notes_block(const VideoRun& run) {
  std::string block = "<notes>\n";
  for (std::size_t i = 0; i < run.notes.size(); ++i) {
    json line = run.notes[i];
    line["part"] = i + 1;
    line["from"] = format_timestamp(run.chunks[i].start);
    line["to"] = format_timestamp(run.chunks[i].end);
    block += line.dump() + "\n";
  }
  return block + "</notes>\n";
}

}  // namespace

std::string part_label(const VideoRun& run, const Chunk& chunk, const std::string& suffix) {
  return std::to_string(chunk.index + 1) + suffix + " of " + std::to_string(run.chunks.size()) + " (" +
         format_timestamp(chunk.start) + "-" + format_timestamp(chunk.end) + ")";
}

model::Request translate_request(const VideoRun& run, const Chunk& chunk, const std::string& part, bool with_notes) {
  return make_request(run, with_notes ? "translate_notes.md" : "translate.md",
                      {{"PART", part}, {"TRANSCRIPT", chunk_transcript(run, chunk)}}, "translate " + part);
}

model::Request gap_request(const VideoRun& run, const Chunk& chunk, const std::vector<Gap>& gaps) {
  const std::string part = part_label(run, chunk, "") + ", only " + gap_times(gaps) + " (left out before)";
  return make_request(run, "translate.md",
                      {{"PART", part}, {"TRANSCRIPT", gap_transcript(gaps, run.lines, run.chapters)}},
                      "translate " + gap_times(gaps));
}

model::Request notes_request(const VideoRun& run, const Chunk& chunk, const std::string& part) {
  auto request =
      make_request(run, "notes.md", {{"PART", part}, {"TRANSCRIPT", chunk_transcript(run, chunk)}}, "notes " + part);
  request.schema = run.ctx.prompts.notes_schema;
  return request;
}

model::Request summary_request(const VideoRun& run, bool from_notes) {
  std::map<std::string, std::string> extra{{"CHAPTERS", chapters_block(run)}};
  if (from_notes) {
    extra["MATERIAL"] = notes_block(run);
    extra["MATERIAL_NOTE"] =
        "The material is notes taken part by part from the transcript: points in time order, quotes copied "
        "word for word with their second, and names.";
  } else {
    extra["MATERIAL"] =
        "<transcript>\n" + render_lines(run.lines, 0, run.lines.size(), run.chapters) + "</transcript>\n";
    extra["MATERIAL_NOTE"] = "The material is the whole transcript, one line per sentence or two with its time.";
  }
  auto request = make_request(run, "summary.md", std::move(extra), "summary");
  request.schema = run.ctx.prompts.summary_schema;
  return request;
}

model::Request repair_request(const VideoRun& run, const model::Request& original, const std::string& answer,
                              const std::string& error) {
  const json& schema = original.schema ? *original.schema : run.ctx.prompts.summary_schema;
  auto request = make_request(
      run, "repair.md", {{"ERROR", error}, {"SCHEMA", schema.dump()}, {"OUTPUT", answer.substr(0, max_repair_echo)}},
      "repair");
  request.schema = schema;
  request.label = original.label + " (repair)";
  return request;
}

asio::awaitable<Outcome<model::Reply>> call_for_step(VideoRun& run, ModelCallSpec spec, StepUsage& step_usage) {
  StepUsage call_usage;
  auto reply = co_await call_model(run.ctx, spec, call_usage, run.failure);
  step_usage.add(call_usage);
  run.usage.add(call_usage);
  co_return reply;
}

asio::awaitable<std::optional<StepOutput>> reuse_step(VideoRun& run, std::string name, std::string hash) {
  auto step = co_await find_checkpoint(run.ctx, run.video_id, name, hash);
  if (!step) co_return std::nullopt;
  json stored = json::parse(step->output, nullptr, false);
  if (stored.is_discarded() || !stored.is_object() || !stored.contains("value")) {
    spdlog::warn("{}: checkpoint {} cannot be read; doing the step again", run.video_id, name);
    co_return std::nullopt;
  }
  const StepUsage usage{step->input_tokens, step->output_tokens, step->cost_usd, stored.value("calls", 1)};
  run.usage.add(usage);
  if (run.ctx.on_step) run.ctx.on_step(run.video_id, name, true);
  co_return StepOutput{std::move(stored["value"]), usage};
}

asio::awaitable<void> finish_step(VideoRun& run, std::string name, std::string hash, std::string prompt_version,
                                  json value, StepUsage usage) {
  store::Step step;
  step.video_id = run.video_id;
  step.name = name;
  step.input_hash = hash;
  step.prompt_version = prompt_version;
  step.model = run.model_name;
  step.output = json{{"value", value}, {"calls", usage.calls}}.dump();
  step.input_tokens = usage.input_tokens;
  step.output_tokens = usage.output_tokens;
  step.cost_usd = usage.cost_usd;
  co_await save_checkpoint(run.ctx, std::move(step));
  if (run.ctx.on_step) run.ctx.on_step(run.video_id, name, false);
}

}  // namespace ytm::pipeline
