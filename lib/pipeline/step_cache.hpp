#pragma once
// Finished model steps kept in the store, keyed by the hash of their inputs (request_hash), so that
// a restart repeats no paid work: looked up before a step calls, saved when it is done. Internal to
// the pipeline.
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "pipeline/model_call.hpp"
#include "pipeline/video.hpp"

namespace ytm::pipeline {

// The hash a checkpoint is keyed on: the whole request (prompt text with the chunk, system prompt,
// schema, output limit), the prompt version and the model.
std::string request_hash(const model::Request& request, const std::string& prompt_version, const std::string& model);

// A finished step's checkpoint: output is {"value": ..., "calls": n}.
struct StepOutput {
  nlohmann::json value;
  StepUsage usage;  // what the step cost when it was made
};

// The step when it was saved with this hash; tells ctx.on_step.
boost::asio::awaitable<std::optional<StepOutput>> reuse_step(VideoRef video, std::string name, std::string hash);
// Saves the step and tells ctx.on_step.
boost::asio::awaitable<void> finish_step(VideoRef video, std::string name, std::string hash,
                                         std::string prompt_version, nlohmann::json value, StepUsage usage);

}  // namespace ytm::pipeline
