#pragma once
// Transcript in, finished result out: chunk, translate every chunk (concurrently, checkpointed),
// summarise (for long videos through chunk notes, which come in the same answer as the chunk's
// translation), ground the summary in the transcript.
//
//   PipelineContext ctx{pool, store, *backend, limiter, prompts, settings};
//   Outcome<VideoResult> result = co_await run_pipeline(ctx, input);
//
// Each finished model step is saved in the store with the hash of its inputs and reused when a
// later run (after a restart or kill -9) has the same inputs, so no paid work is repeated. Every
// model call is recorded. Failures come back as values with the backend's codes (see
// model/backend.hpp) plus "budget" (paused: model.daily_budget_usd reached), "cut_off" and
// "invalid_output" (permanent), "empty_transcript" (permanent).
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <string>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "core/limiter.hpp"
#include "pipeline/input.hpp"
#include "pipeline/prompts.hpp"
#include "pipeline/result.hpp"

namespace ytm {
class BlockingPool;
}
namespace ytm::store {
class Store;
}
namespace ytm::model {
class Backend;
}

namespace ytm::pipeline {

struct PipelineSettings {
  config::ModelSettings model;
  std::chrono::milliseconds backoff_base{2000};  // first retry delay when the server names none; doubles
  std::chrono::milliseconds backoff_max{60000};
  // Summarise through chunk notes when the transcript has more tokens than this, even when it fits
  // one chunk; 0: only when there is more than one chunk.
  int notes_above_tokens = 0;
  int min_split_tokens = 200;  // a cut-off chunk smaller than this is not split again: the step fails
  int quote_window_seconds = 150;
};

struct PipelineContext {
  BlockingPool& pool;
  store::Store& store;
  model::Backend& backend;
  Limiter& limiter;  // shared by all pipelines: model.max_concurrent_requests
  const Prompts& prompts;
  PipelineSettings settings;
  // Told after every finished step ("translate/3", "notes/0", "summary"); reused is true when it
  // came from a checkpoint. For progress in status and logs.
  std::function<void(const std::string& video_id, const std::string& step, bool reused)> on_step;
};

boost::asio::awaitable<Outcome<VideoResult>> run_pipeline(PipelineContext& ctx, const PipelineInput& input);

}  // namespace ytm::pipeline
