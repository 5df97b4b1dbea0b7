#pragma once
// One chunk down the line of stages (stages/): request → raw answer → cleaned answer → aligned
// paragraphs → accepted or asked again → spliced. The chunk's coroutine owns its state; what it
// made comes back by value. A chunk whose prompt is too long, or whose answer runs a paragraph on
// across a chapter start, is redone in two halves. Internal to the pipeline.
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/model_call.hpp"
#include "pipeline/result.hpp"
#include "pipeline/stages/types.hpp"
#include "pipeline/stop.hpp"
#include "pipeline/video.hpp"

namespace ytm::pipeline {

struct ChunkResult {
  std::size_t index = 0;
  std::vector<Paragraph> paragraphs;
  std::optional<nlohmann::json> notes;  // when asked for: from the answer, else from a notes call
  Coverage coverage;
  PassCounts passes;  // what the checks of its answers took out or changed
  StepUsage usage;    // every call made for the chunk, checkpoints read again included
  bool failed = false;  // the failure is the Stop's
};

// with_notes: the chunk's answer ends with its notes (translate_notes prompt); when they are
// missing or invalid a notes call makes them.
boost::asio::awaitable<ChunkResult> translate_chunk(VideoRef video, StopRef stop, std::size_t index, bool with_notes);

}  // namespace ytm::pipeline
