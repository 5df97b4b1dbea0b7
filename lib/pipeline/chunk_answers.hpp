#pragma once
// A chunk's text from its answers (stages/ in order): the first answer; a refusal asked once more;
// the stretches it left out asked for on their own, in smaller requests after an answer was cut
// off; what is still missing kept as the original transcript. Internal to the pipeline
// (chunk_line).
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/backend.hpp"
#include "pipeline/model_call.hpp"
#include "pipeline/result.hpp"
#include "pipeline/stages/types.hpp"
#include "pipeline/stop.hpp"
#include "pipeline/video.hpp"

namespace ytm::pipeline {

// A chunk's text as its answers make it; owned by the chunk's coroutine.
struct ChunkText {
  std::vector<Paragraph> paragraphs;
  std::optional<nlohmann::json> notes;  // asked for notes: nullopt when the answers held none that are valid
  Coverage coverage;
  StepUsage usage;
  PassCounts passes;
  std::optional<std::string> redo_in_halves;  // why the chunk must be split instead
};

// The chunk's text from its answers, or why it must be redone in halves (redo_in_halves); a failure
// of a call other than a prompt too long ends the chunk.
boost::asio::awaitable<Outcome<ChunkText>> answer_chunk(VideoRef video, StopRef stop, Chunk chunk, std::string name,
                                                        model::Request request, std::string version,
                                                        bool with_notes);

}  // namespace ytm::pipeline
