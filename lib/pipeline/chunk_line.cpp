#include "pipeline/chunk_line.hpp"

#include <spdlog/spdlog.h>

#include "pipeline/checkpoints.hpp"
#include "pipeline/chunk_answers.hpp"
#include "pipeline/chunk_piece.hpp"
#include "pipeline/notes_summary.hpp"
#include "pipeline/stages/request.hpp"
#include "pipeline/step_cache.hpp"
#include "pipeline/summary.hpp"

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
    add_coverage(whole.coverage, part->coverage);
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
