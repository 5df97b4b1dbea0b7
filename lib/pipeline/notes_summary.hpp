#pragma once
// The steps that answer in JSON: a chunk's notes (when its translation's answer held none that are
// valid, or for a video already in the output language) and the summary. The same line as a
// chunk's, shorter: request, call, the answer read by json_answer.hpp (fitted to the schema),
// accepted or repaired once. Internal to the pipeline.
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/model_call.hpp"
#include "pipeline/stages/types.hpp"
#include "pipeline/stop.hpp"
#include "pipeline/video.hpp"

namespace ytm::pipeline {

struct JsonDone {
  // Built as {value, usage} where no check changed anything.
  JsonDone(Outcome<nlohmann::json> v, StepUsage u, PassCounts p = {})
      : value(std::move(v)), usage(std::move(u)), passes(std::move(p)) {}

  Outcome<nlohmann::json> value;
  StepUsage usage;    // every call made for it, checkpoints read again included
  PassCounts passes{};  // what the checks of its answers changed or could not fix (not kept in its checkpoint)
};

// The chunk's notes from a notes call; a chunk whose prompt is too long is asked in halves.
boost::asio::awaitable<JsonDone> chunk_notes(VideoRef video, StopRef stop, Chunk chunk);
// The summary from the chunks' notes (one per chunk), or from the transcript when notes is empty.
boost::asio::awaitable<JsonDone> summarise(VideoRef video, StopRef stop, std::vector<nlohmann::json> notes);

// The notes in an answer's notes block, or nullopt (logged) when it has none that are valid.
std::optional<nlohmann::json> answer_notes(const Video& video, const Chunk& chunk, const std::string& name,
                                           const std::optional<std::string>& block);

}  // namespace ytm::pipeline
