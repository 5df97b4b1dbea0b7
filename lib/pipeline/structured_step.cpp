// Steps that answer in JSON (chunk notes, the summary): checkpoint, call, schema check, one repair
// request, and when that fails too, the step fails with both raw answers saved in the store.
#include <spdlog/spdlog.h>

#include "pipeline/checkpoints.hpp"
#include "pipeline/chunk_answer.hpp"
#include "pipeline/summary.hpp"
#include "pipeline/video_run.hpp"
#include "store/store.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

// Built outside the coroutines: GCC 12 cannot put a braced list of string literals in a frame.
json rejected_answers(const std::string& answer, const std::string& error, const std::string& repair_answer,
                      const std::string& repair_error) {
  return json{{"answer", answer}, {"error", error}, {"repair_answer", repair_answer}, {"repair_error", repair_error}};
}

struct Structured {
  json value;
  StepUsage usage;
};

asio::awaitable<Failure> reject(VideoRun& run, std::string name, std::string hash, Task task, json answers,
                                std::string error, StepUsage usage) {
  const std::string rejected = name + "/rejected";
  co_await finish_step(run, rejected, hash, run.ctx.prompts.version(task), answers, usage);
  co_return Failure::permanent("invalid_output", "the model's answer for " + run.label(name) +
                                                     " is not valid even after one repair request (" + error +
                                                     "); both answers are saved as step '" + rejected + "' of video " +
                                                     run.video_id + " in " + run.ctx.store.file().string());
}

// The answer read tolerantly (what was fitted is logged) and, for notes, checked to have points.
JsonAnswer read_answer(const VideoRun& run, const std::string& name, const model::Reply& reply, const json& schema,
                       const std::optional<Chunk>& notes_of) {
  JsonAnswer answer = read_json_answer(reply.text, reply.structured, schema, {run.duration});
  log_fixes(run.label(name), answer.fixes);
  if (answer.value && notes_of) {
    if (auto problem = notes_problem(*answer.value, run, *notes_of)) {
      answer.value.reset();
      answer.error = *problem;
    }
  }
  return answer;
}

// notes_of: the chunk when the answer is its notes.
asio::awaitable<Outcome<Structured>> structured_step(VideoRun& run, std::string name, Task task, model::Request request,
                                                     json schema, std::optional<Chunk> notes_of) {
  const std::string version = run.ctx.prompts.version(task);
  const std::string hash = request_hash(request, version, run.model_name);
  if (auto done = co_await reuse_step(run, name, hash)) co_return Structured{std::move(done->value), done->usage};
  StepUsage usage;
  const ModelCallSpec spec{run.video_id, name, request};
  auto reply = co_await call_for_step(run, spec, usage);
  if (!reply) co_return reply.failure();
  JsonAnswer answer = read_answer(run, name, *reply, schema, notes_of);
  if (!answer.value) {
    if (reply->truncated) answer.error = "the answer stopped at the output token limit; " + answer.error;
    spdlog::warn("{}: {}; asking for a repair", run.label(name), answer.error);
    const auto repair = repair_request(run, request, reply->text, answer.error);
    const ModelCallSpec repair_spec{run.video_id, name + "/repair", repair};
    auto repaired = co_await call_for_step(run, repair_spec, usage);
    if (!repaired) co_return repaired.failure();
    JsonAnswer second = read_answer(run, name, *repaired, schema, notes_of);
    if (!second.value) {
      const json answers = rejected_answers(reply->text, answer.error, repaired->text, second.error);
      co_return co_await reject(run, name, hash, task, answers, second.error, usage);
    }
    answer = std::move(second);
  }
  co_await finish_step(run, name, hash, version, *answer.value, usage);
  co_return Structured{std::move(*answer.value), usage};
}

asio::awaitable<Outcome<json>> notes_for(VideoRun& run, Chunk chunk, std::string name, std::string suffix) {
  auto notes =
      co_await structured_step(run, name, Task::notes, notes_request(run, chunk, part_label(run, chunk, suffix)),
                               run.ctx.prompts.notes_schema, chunk);
  if (notes) co_return std::move(notes->value);
  const auto halves = split_chunk(run.lines, chunk);
  if (notes.failure().code != "context_too_long" || !halves) co_return notes.failure();
  json merged = empty_notes();
  int half_number = 1;
  // A vector, not a braced list: GCC 12 cannot keep an initializer_list in a coroutine frame.
  const std::vector<Chunk> parts{halves->first, halves->second};
  for (const Chunk& half : parts) {
    const std::string half_suffix = suffix + "." + std::to_string(half_number++);
    auto part = co_await notes_for(run, half, checkpoint::notes(chunk.index, half_suffix), half_suffix);
    if (!part) co_return part.failure();
    merge_notes(merged, *part);
  }
  co_return merged;
}

}  // namespace

asio::awaitable<void> notes_job(VideoRun& run, std::size_t index) {
  if (run.failure) co_return;
  const Chunk& chunk = run.chunks[index];
  auto notes = co_await notes_for(run, chunk, checkpoint::notes(chunk.index), "");
  if (!notes) {
    run.fail(notes.failure());
    co_return;
  }
  co_await notes_done(run, index, std::move(*notes));
}

asio::awaitable<void> notes_done(VideoRun& run, std::size_t index, json notes) {
  run.notes[index] = std::move(notes);
  // The last chunk's notes start the summary.
  if (--run.notes_left == 0 && !run.failure) co_await summary_job(run, true);
}

asio::awaitable<void> summary_job(VideoRun& run, bool from_notes) {
  if (run.failure) co_return;
  auto summary =
      co_await structured_step(run, std::string(checkpoint::names::summary), Task::summary,
                               summary_request(run, from_notes), run.ctx.prompts.summary_schema, std::nullopt);
  if (!summary) {
    Failure failure = summary.failure();
    if (failure.code == "context_too_long") {
      failure.message += "; lower model.max_chunk_tokens so that long videos are summarised from chunk notes";
    }
    run.fail(failure);
    co_return;
  }
  run.summary = std::move(summary->value);
}

}  // namespace ytm::pipeline
