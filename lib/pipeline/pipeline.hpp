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

#include "core/failure.hpp"
#include "pipeline/context.hpp"
#include "pipeline/input.hpp"
#include "pipeline/result.hpp"

namespace ytm::pipeline {

boost::asio::awaitable<Outcome<VideoResult>> run_pipeline(PipelineContext ctx, PipelineInput input);

}  // namespace ytm::pipeline
