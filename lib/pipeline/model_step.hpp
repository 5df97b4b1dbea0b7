#pragma once
// One model step's calls: checkpoint lookup and save, the daily budget, retries with backoff for
// transient failures, the request limiter, and a record of every call. Internal to the pipeline.
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

#include "model/backend.hpp"
#include "pipeline/pipeline.hpp"
#include "store/store.hpp"

namespace ytm::pipeline {

struct StepUsage {
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0;
  int calls = 0;

  void add(const StepUsage& other);
};

struct ModelCallSpec {
  std::string video_id;
  std::string step;  // "translate/3.1", "summary/repair": as recorded with the call
  model::Request request;
};

// The hash a checkpoint is keyed on: the whole request (prompt text with the chunk, system prompt,
// schema, output limit), the prompt version and the model.
std::string request_hash(const model::Request& request, const std::string& prompt_version, const std::string& model);

// Coroutine parameters are taken by value: GCC 12 mishandles temporaries bound to references
// across co_await.
// Calls the model, retrying transient failures up to model.max_attempts; adds every call, failed
// or not, to usage and to the store. `stopped` is checked before each attempt: when another part of
// the video has failed, no further call is made and its failure is returned.
boost::asio::awaitable<Outcome<model::Reply>> call_model(PipelineContext& ctx, ModelCallSpec spec, StepUsage& usage,
                                                         const std::optional<Failure>& stopped);

// The checkpoint named so for the video when its input hash matches; nullopt otherwise.
boost::asio::awaitable<std::optional<store::Step>> find_checkpoint(PipelineContext& ctx, std::string video_id,
                                                                   std::string name, std::string hash);
boost::asio::awaitable<void> save_checkpoint(PipelineContext& ctx, store::Step step);

}  // namespace ytm::pipeline
