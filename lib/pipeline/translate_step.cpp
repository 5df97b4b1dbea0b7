// Translating one chunk, with its notes when the summary is made from notes: checkpoint, call,
// completeness checks, and halving a chunk whose answer was cut off (or whose prompt was too long)
// until the pieces fit.
#include <spdlog/spdlog.h>

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
};

// A checkpoint keeps a translation alone as its paragraph list, one with notes as an object.
json piece_value(const Piece& piece, bool with_notes) {
  if (!with_notes) return paragraphs_to_json(piece.paragraphs);
  json value;
  value["paragraphs"] = paragraphs_to_json(piece.paragraphs);
  value["notes"] = piece.notes ? *piece.notes : json(nullptr);
  return value;
}

Piece piece_from_value(const json& value, const StepUsage& usage) {
  if (value.is_array()) return Piece{paragraphs_from_json(value), std::nullopt, usage};
  Piece piece{paragraphs_from_json(value.value("paragraphs", json::array())), std::nullopt, usage};
  if (value.contains("notes") && value["notes"].is_object()) piece.notes = value["notes"];
  return piece;
}

std::optional<json> answer_notes(const VideoRun& run, const std::string& name, std::optional<std::string_view> block) {
  if (!block) {
    spdlog::warn("{}: the answer has no notes block; asking for the notes separately", run.label(name));
    return std::nullopt;
  }
  JsonAnswer notes = read_json_answer(*block, std::nullopt, run.ctx.prompts.notes_schema);
  if (!notes.value) spdlog::warn("{}: {}; asking for the notes separately", run.label(name), notes.error);
  return std::move(notes.value);
}

struct Reading {
  std::optional<Piece> piece;  // set when the translation is complete
  std::string why;             // why not
};

Reading read_answer(const VideoRun& run, const Chunk& chunk, const std::string& name, const model::Reply& reply,
                    bool with_notes) {
  const auto answer = with_notes ? split_notes_block(reply.text) : TranslationWithNotes{reply.text, std::nullopt};
  auto paragraphs = parse_translation(answer.translation, chunk);
  if (const auto problem = translation_problem(paragraphs, run.lines, chunk, run.source_language, run.target_language,
                                               reply.truncated)) {
    return {std::nullopt, "the translation is incomplete: " + *problem};
  }
  auto notes = with_notes ? answer_notes(run, name, answer.notes) : std::nullopt;
  return {Piece{std::move(paragraphs), std::move(notes), {}}, ""};
}

Reading prompt_too_long() { return {std::nullopt, "the prompt is too long for the model"}; }

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
    const std::string half_name = "translate/" + std::to_string(chunk.index) + half_suffix;
    auto part = co_await translate_piece(run, half, half_name, half_suffix, with_notes);
    if (!part) co_return part.failure();
    whole.paragraphs.insert(whole.paragraphs.end(), part->paragraphs.begin(), part->paragraphs.end());
    whole.usage.add(part->usage);
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
  // A piece found cut off before a restart goes straight to its halves.
  std::string why;
  StepUsage usage;
  if (auto split = co_await reuse_step(run, name + "/split", hash)) {
    why = split->value.value("why", std::string("cut off before"));
    usage = split->usage;
  } else {
    const ModelCallSpec spec{run.video_id, name, request};
    auto reply = co_await call_for_step(run, spec, usage);
    if (!reply && reply.failure().code != "context_too_long") co_return reply.failure();
    Reading reading = reply ? read_answer(run, chunk, name, *reply, with_notes) : prompt_too_long();
    if (reading.piece) {
      reading.piece->usage = usage;
      co_await finish_step(run, name, hash, version, piece_value(*reading.piece, with_notes), usage);
      co_return std::move(*reading.piece);
    }
    why = std::move(reading.why);
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
  auto piece = co_await translate_piece(run, chunk, "translate/" + std::to_string(chunk.index), "", with_notes);
  if (!piece) {
    run.fail(piece.failure());
    co_return;
  }
  run.translations[index] = std::move(piece->paragraphs);
  if (!with_notes) co_return;
  if (piece->notes) {
    co_await notes_done(run, index, std::move(*piece->notes));
  } else {
    co_await notes_job(run, index);
  }
}

}  // namespace ytm::pipeline
