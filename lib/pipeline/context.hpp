#pragma once
// What a pipeline runs with: the shared services (blocking pool, store, model backend, request
// limiter, prompts) and the settings. Copied by value into every step's coroutine; the services
// it names outlive every pipeline.
#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "core/limiter.hpp"
#include "pipeline/prompts.hpp"

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

class Batcher;

struct PipelineSettings {
  config::ModelSettings model;
  std::chrono::milliseconds backoff_base{2000};  // first retry delay when the server names none; doubles
  std::chrono::milliseconds backoff_max{60000};
  // Summarise through chunk notes when the transcript has more tokens than this, even when it fits
  // one chunk; 0: only when there is more than one chunk.
  int notes_above_tokens = 0;
  int min_split_tokens = 200;  // a cut-off chunk smaller than this is not split again: the step fails
  int quote_window_seconds = 150;
  // false: the document has no translation section (a channel's sections), so none is paid for: the
  // video is summarised as one already in the output language is.
  bool translate = true;
  // The channel's own glossary (term → rendering), which the system prompt carries: the video's
  // glossary leaves its terms to it.
  std::vector<std::pair<std::string, std::string>> channel_glossary;
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
  // model.batch: first asks go through batches at the server's discount; null: every call on its own.
  Batcher* batcher = nullptr;
};

}  // namespace ytm::pipeline
