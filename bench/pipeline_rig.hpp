#pragma once
// What the pipeline benchmarks share: the pipeline against tests/fakes/fake_model (the Anthropic
// wire, on loopback) with a real store in a fresh temporary folder, and the videos a case adds run
// together on one io_context.
//
//   bench::PipelineRig rig("glossary", settings);        // settings.model.base_url: the stand-in's
//   auto ctx = rig.context();
//   rig.start(input, one_video(ctx, input, totals));
//   double seconds = rig.run();
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <unistd.h>

#include "core/blocking.hpp"
#include "core/limiter.hpp"
#include "core/time.hpp"
#include "model/backend.hpp"
#include "pipeline/context.hpp"
#include "pipeline/input.hpp"
#include "store/store.hpp"

namespace ytm::bench {

// The number after `name` on the command line ("--latency-ms 300"), else fallback.
inline int int_flag(int argc, char** argv, const std::string& name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == name) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

// Model settings for the stand-in listening on this port.
inline config::ModelSettings stand_in_model(int port) {
  ::setenv("YTM_BENCH_KEY", "bench", 1);
  config::ModelSettings model;
  model.backend = config::ModelBackend::anthropic;
  model.base_url = "http://127.0.0.1:" + std::to_string(port);
  model.api_key_env = "YTM_BENCH_KEY";
  return model;
}

// A fresh folder for one case's store, removed with it.
struct ScratchDir {
  explicit ScratchDir(const std::string& name)
      : path(std::filesystem::temp_directory_path() / ("ytm-bench-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::filesystem::path path;
};

struct PipelineRig {
  PipelineRig(const std::string& name, pipeline::PipelineSettings pipeline_settings)
      : dir(name),
        store(dir.path / "state.db"),
        prompts(pipeline::load_prompts({})),
        settings(std::move(pipeline_settings)),
        backend(model::make_backend(io.get_executor(), settings.model)),
        limiter(settings.model.max_concurrent_requests) {}

  [[nodiscard]] pipeline::PipelineContext context(pipeline::Batcher* batcher = nullptr) {
    return pipeline::PipelineContext{pool, store, *backend, limiter, prompts, settings, {}, batcher};
  }
  // The video in the store, queued as if by hand (a pipeline's steps belong to a video), and the
  // work on it started: run() runs what was started together. A bug in it ends the benchmark.
  void start(const pipeline::PipelineInput& input, boost::asio::awaitable<void> work) {
    store.insert_video({input.video.id, "UCbench", input.video.title, "", std::nullopt, false, "manual",
                        store::VideoState::queued, ""},
                       now_unix());
    boost::asio::co_spawn(io, std::move(work), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
  }
  // Runs what was spawned on io to its end; the seconds it took.
  double run() {
    const auto started = std::chrono::steady_clock::now();
    io.run();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }

  ScratchDir dir;
  store::Store store;
  pipeline::Prompts prompts;
  pipeline::PipelineSettings settings;
  boost::asio::io_context io;
  BlockingPool pool{2};
  std::unique_ptr<model::Backend> backend;
  Limiter limiter;
};

}  // namespace ytm::bench
