#include "pipeline_harness.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdlib>

#include "core/blocking.hpp"
#include "core/time.hpp"
#include "model/backend.hpp"

namespace ytm::test {

namespace {

boost::asio::awaitable<std::optional<Outcome<pipeline::VideoResult>>> run_to_optional(
    pipeline::PipelineContext& ctx, const pipeline::PipelineInput& input) {
  co_return co_await pipeline::run_pipeline(ctx, input);
}

}  // namespace

PipelineEnv::PipelineEnv() : store(dir / "state.db"), prompts(pipeline::load_prompts({})) {
  ::setenv("YTM_PIPELINE_TEST_KEY", "test-key", 1);
  settings.model.backend = config::ModelBackend::anthropic;
  settings.model.base_url = fake.base_url();
  settings.model.api_key_env = "YTM_PIPELINE_TEST_KEY";
  settings.model.name = "claude-test";
  settings.model.timeout = std::chrono::seconds(30);
  settings.model.max_attempts = 3;
  settings.backoff_base = std::chrono::milliseconds(20);
}

void PipelineEnv::add_video(const pipeline::PipelineInput& input) {
  store::NewVideo video;
  video.id = input.video.id;
  video.channel_id = "UCpipelinetest";
  video.title = input.video.title;
  store.insert_video(video, now_unix());
}

Outcome<pipeline::VideoResult> PipelineEnv::run(const pipeline::PipelineInput& input,
                                                std::function<void(const std::string&)> on_step) {
  add_video(input);
  boost::asio::io_context io;
  BlockingPool pool(2);
  auto backend = model::make_backend(io.get_executor(), settings.model, backend_options);
  Limiter limiter(settings.model.max_concurrent_requests);
  pipeline::PipelineContext ctx{pool, store, *backend, limiter, prompts, settings, {}};
  ctx.on_step = [&](const std::string&, const std::string& step, bool) {
    if (on_step) on_step(step);
  };
  std::optional<Outcome<pipeline::VideoResult>> result;
  std::exception_ptr error;
  boost::asio::co_spawn(io, run_to_optional(ctx, input),
                        [&](std::exception_ptr e, std::optional<Outcome<pipeline::VideoResult>> value) {
                          error = e;
                          result = std::move(value);
                        });
  io.run();
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

int PipelineEnv::calls(const std::string& task) const {
  const auto stats = fake.stats();
  return stats["calls"].value(task, 0);
}

void PipelineEnv::use_backend(config::ModelBackend backend) {
  settings.model.backend = backend;
  if (backend == config::ModelBackend::openai) settings.model.name = "stand-in";
}

}  // namespace ytm::test
