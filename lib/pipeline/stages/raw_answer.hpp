#pragma once
// Stage 2 of a chunk's line: the raw answer. One call whose answer is checkpointed as it came, so
// that a restart reads it again instead of calling (and the later stages, plain functions, read it
// the same way).
#include <boost/asio/awaitable.hpp>

#include <string>

#include "pipeline/model_call.hpp"
#include "pipeline/stages/types.hpp"
#include "pipeline/stop.hpp"
#include "pipeline/video.hpp"

namespace ytm::pipeline {

struct Asked {
  Outcome<RawAnswer> answer;
  StepUsage usage;  // the call's, or the checkpoint's when it was read again
};

// The answer to `request`, checkpointed as step `name` (the call recorded as `call_name`).
boost::asio::awaitable<Asked> ask(VideoRef video, StopRef stop, std::string name, std::string call_name,
                                  model::Request request, std::string version);

}  // namespace ytm::pipeline
