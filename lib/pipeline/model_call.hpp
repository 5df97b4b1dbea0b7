#pragma once
// One model call as the pipeline makes it: the daily budget, retries with backoff for transient
// failures, the request limiter, and a record of every call. Internal to the pipeline.
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

#include "model/backend.hpp"
#include "pipeline/context.hpp"
#include "pipeline/stop.hpp"

namespace ytm::pipeline {

struct StepUsage {
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0;  // as paid
  int calls = 0;
  double list_cost_usd = 0;
  int batched_calls = 0;  // answered inside a batch, at its discount

  void add(const StepUsage& other);
};

struct ModelCallSpec {
  std::string video_id;
  std::string step;  // "translate/3.1", "summary/repair": as recorded with the call
  model::Request request;
};

struct Called {
  Outcome<model::Reply> reply;
  StepUsage usage;  // every attempt, failed or not
};

// Calls the model, retrying transient failures up to model.max_attempts; every call, failed or
// not, is counted in the usage and recorded in the store. When another part of the video has
// failed (stop), no further call is made and that failure is returned.
boost::asio::awaitable<Called> call_model(PipelineContext ctx, ModelCallSpec spec, StopRef stop);

}  // namespace ytm::pipeline
