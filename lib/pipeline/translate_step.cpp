// Translating one chunk, with its notes when the summary is made from notes: the chunk's checkpoint,
// its text from the answers (chunk_answer.hpp), and halving a chunk whose prompt is too long or
// whose answer runs on across a chapter start, until the pieces fit.
#include <spdlog/spdlog.h>

#include "pipeline/checkpoints.hpp"
#include "pipeline/chunk_answer.hpp"
#include "pipeline/summary.hpp"
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
  std::optional<json> notes;  // asked for notes: nullopt when the answer held none that are valid
  StepUsage usage;            // every call made for the piece, its halves' included
  Coverage coverage;
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

// A checkpoint keeps a translation alone as its paragraph list, one with notes as an object.
json piece_value(const Piece& piece, bool with_notes) {
  if (!with_notes) return paragraphs_to_json(piece.paragraphs);
  json value;
  value["paragraphs"] = paragraphs_to_json(piece.paragraphs);
  value["notes"] = piece.notes ? *piece.notes : json(nullptr);
  value["coverage"] = coverage_value(piece.coverage);
  return value;
}

Piece piece_from_value(const json& value, const StepUsage& usage) {
  if (value.is_array()) return Piece{paragraphs_from_json(value), std::nullopt, usage};
  Piece piece{paragraphs_from_json(value.value("paragraphs", json::array())), std::nullopt, usage,
              coverage_from(value.value("coverage", json::object()))};
  if (value.contains("notes") && value["notes"].is_object()) piece.notes = value["notes"];
  return piece;
}

asio::awaitable<Outcome<Piece>> translate_piece(VideoRun& run, Chunk chunk, std::string name, std::string suffix,
                                                bool with_notes);

asio::awaitable<Outcome<Piece>> translate_halves(VideoRun& run, Chunk chunk, std::string name, std::string suffix,
                                                 bool with_notes, std::string why, StepUsage spent) {
  const auto halves = split_chunk(run.lines, chunk);
  // A chunk holding a chapter start splits there whatever its size: that always ends.
  const bool small = chunk.tokens < run.ctx.settings.min_split_tokens && !has_chapter_start(run.lines, chunk);
  if (!halves || small) {
    co_return Failure::permanent("cut_off", "the translation of " + run.label(name) +
                                                " stays incomplete even for a piece of " +
                                                std::to_string(chunk.tokens) + " tokens (" + why +
                                                "); raise model.max_output_tokens or try another model");
  }
  spdlog::info("{}: {}; translating it in two halves", run.label(name), why);
  Piece whole;
  whole.usage = spent;
  if (with_notes) whole.notes = empty_notes();
  int half_number = 1;
  // A vector, not a braced list: GCC 12 cannot keep an initializer_list in a coroutine frame.
  const std::vector<Chunk> parts{halves->first, halves->second};
  for (const Chunk& half : parts) {
    const std::string half_suffix = suffix + "." + std::to_string(half_number++);
    const std::string half_name = checkpoint::translate(chunk.index, half_suffix);
    auto part = co_await translate_piece(run, half, half_name, half_suffix, with_notes);
    if (!part) co_return part.failure();
    whole.paragraphs.insert(whole.paragraphs.end(), part->paragraphs.begin(), part->paragraphs.end());
    whole.usage.add(part->usage);
    add(whole.coverage, part->coverage);
    if (whole.notes && part->notes) {
      merge_notes(*whole.notes, *part->notes);
    } else {
      whole.notes.reset();
    }
  }
  co_return whole;
}

asio::awaitable<Outcome<Piece>> translate_piece(VideoRun& run, Chunk chunk, std::string name, std::string suffix,
                                                bool with_notes) {
  const auto request = translate_request(run, chunk, part_label(run, chunk, suffix), with_notes);
  const std::string version = run.ctx.prompts.version(with_notes ? Task::translate_notes : Task::translate);
  const std::string hash = request_hash(request, version, run.model_name);
  if (auto done = co_await reuse_step(run, name, hash)) co_return piece_from_value(done->value, done->usage);
  // A piece found misplaced before a restart goes straight to its halves.
  std::string why;
  StepUsage usage;
  if (auto split = co_await reuse_step(run, name + "/split", hash)) {
    why = split->value.value("why", std::string("misplaced before"));
    usage = split->usage;
  } else {
    auto text = co_await chunk_text(run, chunk, name, request, version, with_notes, usage);
    if (!text) co_return text.failure();
    if (!text->redo_in_halves) {
      Piece piece{std::move(text->paragraphs), std::move(text->notes), usage, text->coverage};
      co_await finish_step(run, name, hash, version, piece_value(piece, with_notes), usage);
      co_return piece;
    }
    why = std::move(*text->redo_in_halves);
    co_await finish_step(run, name + "/split", hash, version, split_marker(why), usage);
  }
  auto halves = co_await translate_halves(run, chunk, name, suffix, with_notes, why, usage);
  if (!halves) co_return halves.failure();
  co_await finish_step(run, name, hash, version, piece_value(*halves, with_notes), halves->usage);
  co_return halves;
}

}  // namespace

asio::awaitable<void> translate_job(VideoRun& run, std::size_t index, bool with_notes) {
  if (run.failure) co_return;
  const Chunk& chunk = run.chunks[index];
  auto piece = co_await translate_piece(run, chunk, checkpoint::translate(chunk.index), "", with_notes);
  if (!piece) {
    run.fail(piece.failure());
    co_return;
  }
  run.translations[index] = std::move(piece->paragraphs);
  add(run.coverage, piece->coverage);
  if (!with_notes) co_return;
  if (piece->notes) {
    co_await notes_done(run, index, std::move(*piece->notes));
  } else {
    co_await notes_job(run, index);
  }
}

}  // namespace ytm::pipeline
