#pragma once
// The pipeline against a real backend (anthropic, over HTTP on loopback) talking to
// tests/fakes/fake_model, with a real SQLite store in a temp folder.
#include <functional>
#include <string>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "fake_model_fixture.hpp"
#include "model/backend.hpp"
#include "pipeline/input.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/prompts.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"

namespace ytm::test {

struct PipelineEnv {
  PipelineEnv();

  TempDir dir;
  store::Store store;
  FakeModel fake;
  pipeline::Prompts prompts;
  pipeline::PipelineSettings settings;
  model::BackendOptions backend_options;  // for claude-cli: where the CLI finds the stand-in

  // Registers the video in the store (steps belong to a video) once.
  void add_video(const pipeline::PipelineInput& input);
  // Runs the pipeline to its end on a fresh io_context and blocking pool; on_step is told of
  // every finished step.
  Outcome<pipeline::VideoResult> run(const pipeline::PipelineInput& input,
                                     std::function<void(const std::string& step)> on_step = {});
  [[nodiscard]] int calls(const std::string& task) const;  // answered or not, from the fake's stats
  // The stand-in answers on either wire; the openai one takes any model name.
  void use_backend(config::ModelBackend backend);
};

}  // namespace ytm::test
