// Translating one chunk: checkpoint, call, completeness checks, and halving a chunk whose answer
// was cut off (or whose prompt was too long) until the pieces fit.
#include <spdlog/spdlog.h>

#include "pipeline/translation.hpp"
#include "pipeline/video_run.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

// Built outside the coroutines: GCC 12 cannot put a braced list of string literals in a frame.
json split_marker(const std::string& why) {
  json marker;
  marker["why"] = why;
  return marker;
}

struct Piece {
  std::vector<Paragraph> paragraphs;
  StepUsage usage;  // every call made for the piece, its halves' included
};

asio::awaitable<Outcome<Piece>> translate_piece(VideoRun& run, Chunk chunk, std::string name, std::string suffix);

asio::awaitable<Outcome<Piece>> translate_halves(VideoRun& run, Chunk chunk, std::string name, std::string suffix,
                                                 std::string why, StepUsage spent) {
  const auto halves = split_chunk(run.lines, chunk);
  if (!halves || chunk.tokens < run.ctx.settings.min_split_tokens) {
    co_return Failure::permanent(
        "cut_off", "the translation of " + run.label(name) + " stays incomplete even for a piece of " +
                       std::to_string(chunk.tokens) + " tokens (" + why +
                       "); raise model.max_output_tokens or try another model");
  }
  spdlog::info("{}: {}; translating it in two halves", run.label(name), why);
  Piece whole;
  whole.usage = spent;
  int half_number = 1;
  // A vector, not a braced list: GCC 12 cannot keep an initializer_list in a coroutine frame.
  const std::vector<Chunk> parts{halves->first, halves->second};
  for (const Chunk& half : parts) {
    const std::string half_suffix = suffix + "." + std::to_string(half_number++);
    auto part = co_await translate_piece(run, half, "translate/" + std::to_string(chunk.index) + half_suffix, half_suffix);
    if (!part) co_return part.failure();
    whole.paragraphs.insert(whole.paragraphs.end(), part->paragraphs.begin(), part->paragraphs.end());
    whole.usage.add(part->usage);
  }
  co_return whole;
}

asio::awaitable<Outcome<Piece>> translate_piece(VideoRun& run, Chunk chunk, std::string name, std::string suffix) {
  const auto request = translate_request(run, chunk, part_label(run, chunk, suffix));
  const std::string version = run.ctx.prompts.version(Task::translate);
  const std::string hash = request_hash(request, version, run.model_name);
  if (auto done = co_await reuse_step(run, name, hash)) {
    co_return Piece{paragraphs_from_json(done->value), done->usage};
  }
  // A piece found cut off before a restart goes straight to its halves.
  std::optional<std::string> why;
  StepUsage usage;
  if (auto split = co_await reuse_step(run, name + "/split", hash)) {
    why = split->value.value("why", std::string("cut off before"));
    usage = split->usage;
  } else {
    const ModelCallSpec spec{run.video_id, name, request, false};
    auto reply = co_await call_for_step(run, spec, usage);
    if (!reply && reply.failure().code != "context_too_long") co_return reply.failure();
    if (!reply) {
      why = "the prompt is too long for the model";
    } else {
      auto paragraphs = parse_translation(reply->text, chunk);
      if (const auto problem = translation_problem(paragraphs, run.lines, chunk, run.source_language,
                                                   run.target_language, reply->truncated)) {
        why = "the translation is cut off: " + *problem;
      } else {
        co_await finish_step(run, name, hash, version, paragraphs_to_json(paragraphs), usage);
        co_return Piece{std::move(paragraphs), usage};
      }
    }
    co_await finish_step(run, name + "/split", hash, version, split_marker(*why), usage);
  }
  auto halves = co_await translate_halves(run, chunk, name, suffix, *why, usage);
  if (!halves) co_return halves.failure();
  co_await finish_step(run, name, hash, version, paragraphs_to_json(halves->paragraphs), halves->usage);
  co_return halves;
}

}  // namespace

asio::awaitable<void> translate_job(VideoRun& run, std::size_t index) {
  if (run.failure) co_return;
  const Chunk& chunk = run.chunks[index];
  auto piece = co_await translate_piece(run, chunk, "translate/" + std::to_string(chunk.index), "");
  if (!piece) {
    run.fail(piece.failure());
    co_return;
  }
  run.translations[index] = std::move(piece->paragraphs);
}

}  // namespace ytm::pipeline
