#include "pipeline/notes_summary.hpp"

#include <spdlog/spdlog.h>

#include "pipeline/checkpoints.hpp"
#include "pipeline/json_answer.hpp"
#include "pipeline/stages/accept.hpp"
#include "pipeline/stages/clean_answer.hpp"
#include "pipeline/stages/request.hpp"
#include "pipeline/step_cache.hpp"
#include "pipeline/summary.hpp"
#include "pipeline/summary_language.hpp"
#include "pipeline/video_terms.hpp"
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

asio::awaitable<Failure> reject(VideoRef video, std::string name, std::string hash, Task task, json answers,
                                std::string error, StepUsage usage) {
  const std::string rejected = name + "/rejected";
  co_await finish_step(video, rejected, hash, video->ctx.prompts.version(task), answers, usage);
  co_return Failure::permanent(FailureCode::invalid_output, "the model's answer for " + video->label(name) +
                                                     " is not valid even after one repair request (" + error +
                                                     "); both answers are saved as step '" + rejected + "' of video " +
                                                     video->id + " in " + video->ctx.store.file().string());
}

// The answer read tolerantly (what was fitted is logged) and, for notes, checked to have points.
JsonAnswer read_answer(const Video& video, const std::string& name, const model::Reply& reply, const json& schema,
                       const std::optional<Chunk>& notes_of, PassCounts& passes) {
  PassCounts cleaned;
  JsonAnswer answer = read_json_answer(clean_text(reply.text, cleaned), reply.structured, schema, {video.duration});
  if (!cleaned.empty()) spdlog::info("{}: taken out of the answer: {}", video.label(name), describe(cleaned));
  add_counts(passes, cleaned);
  log_fixes(video.label(name), answer.fixes);
  if (answer.value && notes_of) {
    if (auto problem = notes_problem(*answer.value, video.lines, *notes_of)) {
      answer.value.reset();
      answer.error = *problem;
    }
  }
  return answer;
}

// One JSON step: checkpoint, call, read, one repair. notes_of: the chunk when the answer is its notes.
asio::awaitable<JsonDone> json_step(VideoRef video, StopRef stop, std::string name, Task task,
                                    model::Request request, json schema, std::optional<Chunk> notes_of) {
  const std::string version = video->ctx.prompts.version(task);
  const std::string hash = request_hash(request, version, video->model_name);
  if (auto done = co_await reuse_step(video, name, hash)) co_return JsonDone{std::move(done->value), done->usage};
  const ModelCallSpec spec{video->id, name, request};
  Called called = co_await call_model(video->ctx, spec, stop);
  StepUsage usage = called.usage;
  if (!called.reply) co_return JsonDone{called.reply.failure(), usage};
  const model::Reply& reply = *called.reply;
  PassCounts passes;
  JsonAnswer answer = read_answer(*video, name, reply, schema, notes_of, passes);
  if (!answer.value) {
    if (reply.truncated()) answer.error = "the answer stopped at the output token limit; " + answer.error;
    spdlog::warn("{}: {}; asking for a repair", video->label(name), answer.error);
    const auto repair = repair_request(*video, request, reply.text, answer.error);
    const ModelCallSpec repair_spec{video->id, name + "/repair", repair};
    Called repaired = co_await call_model(video->ctx, repair_spec, stop);
    usage.add(repaired.usage);
    if (!repaired.reply) co_return JsonDone{repaired.reply.failure(), usage};
    JsonAnswer second = read_answer(*video, name, *repaired.reply, schema, notes_of, passes);
    if (!second.value) {
      const json answers = rejected_answers(reply.text, answer.error, repaired.reply->text, second.error);
      Failure rejected = co_await reject(video, name, hash, task, answers, second.error, usage);
      co_return JsonDone{std::move(rejected), usage};
    }
    answer = std::move(second);
  }
  co_await finish_step(video, name, hash, version, *answer.value, usage);
  co_return JsonDone{std::move(*answer.value), usage, std::move(passes)};
}

asio::awaitable<JsonDone> notes_for(VideoRef video, StopRef stop, Chunk chunk, std::string name, std::string suffix) {
  const model::Request request = notes_request(*video, chunk, part_label(*video, chunk, suffix));
  JsonDone notes = co_await json_step(video, stop, name, Task::notes, request, video->ctx.prompts.notes_schema, chunk);
  if (notes.value) co_return notes;
  const auto halves = split_chunk(video->lines, chunk);
  if (notes.value.failure().code != FailureCode::context_too_long || !halves) co_return notes;
  JsonDone merged{empty_notes(), notes.usage};
  int half_number = 1;
  // A vector, not a braced list: GCC 12 cannot keep an initializer_list in a coroutine frame.
  const std::vector<Chunk> parts{halves->first, halves->second};
  for (const Chunk& half : parts) {
    const std::string half_suffix = suffix + "." + std::to_string(half_number++);
    JsonDone part = co_await notes_for(video, stop, half, checkpoint::notes(chunk.index, half_suffix), half_suffix);
    merged.usage.add(part.usage);
    if (!part.value) co_return JsonDone{part.value.failure(), merged.usage};
    merge_notes(*merged.value, *part.value);
  }
  co_return merged;
}

}  // namespace

asio::awaitable<JsonDone> chunk_notes(VideoRef video, StopRef stop, Chunk chunk) {
  if (stop->failure()) co_return JsonDone{*stop->failure(), {}};
  co_return co_await notes_for(video, stop, chunk, checkpoint::notes(chunk.index), "");
}

asio::awaitable<JsonDone> summarise(VideoRef video, StopRef stop, std::vector<json> notes) {
  if (stop->failure()) co_return JsonDone{*stop->failure(), {}};
  const model::Request request = summary_request(*video, notes);
  JsonDone summary = co_await json_step(video, stop, std::string(checkpoint::names::summary), Task::summary, request,
                                        video->ctx.prompts.summary_schema, std::nullopt);
  if (!summary.value && summary.value.failure().code == FailureCode::context_too_long) {
    Failure failure = summary.value.failure();
    failure.message += "; lower model.max_chunk_tokens so that long videos are summarised from chunk notes";
    summary.value = failure;
  }
  JsonDone checked = co_await summary_in_language(video, stop, std::move(summary), request);
  co_return checked;
}

std::optional<json> answer_notes(const Video& video, const Chunk& chunk, const std::string& name,
                                 const std::optional<std::string>& block) {
  if (!block) {
    spdlog::warn("{}: the answer has no notes block; asking for the notes separately", video.label(name));
    return std::nullopt;
  }
  // The terms it rendered are read too, never held against the notes: a list that cannot be read is none.
  JsonAnswer notes =
      read_json_answer(*block, std::nullopt, schema_with_terms(video.ctx.prompts.notes_schema), {video.duration});
  log_fixes(video.label(name) + " notes", notes.fixes);
  if (notes.value) (*notes.value)["terms"] = terms_json(read_terms(*notes.value));
  if (notes.value) {
    if (auto problem = notes_problem(*notes.value, video.lines, chunk)) {
      notes.value.reset();
      notes.error = *problem;
    }
  }
  if (!notes.value) spdlog::warn("{}: {}; asking for the notes separately", video.label(name), notes.error);
  return std::move(notes.value);
}

}  // namespace ytm::pipeline
