// Interactive against batched (model.batch) for the same documents, against tests/fakes/fake_model:
// calls, tokens, list and paid price, wall time (see docs/performance.md, "Batches").
//
//   bench_batch [--latency-ms L] [--batch-latency-ms B]
//
// L is the stand-in's latency per interactive call, B how long a batch processes. Both cases run
// with the default model.max_concurrent_requests (2) and claude-sonnet-4-5's prices.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <spdlog/spdlog.h>

#include "fake_model_process.hpp"
#include "model/batch_api.hpp"
#include "pipeline/batcher.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline_rig.hpp"
#include "synthetic_transcript.hpp"

namespace {

using namespace ytm;

struct Totals {
  int calls = 0;
  int batched = 0;
  std::int64_t in = 0;
  std::int64_t out = 0;
  double list = 0;
  double paid = 0;
  int failures = 0;
  double seconds = 0;
};

boost::asio::awaitable<void> one_video(pipeline::PipelineContext& ctx, pipeline::PipelineInput input, Totals& t) {
  auto result = co_await pipeline::run_pipeline(ctx, input);
  if (!result) {
    std::fprintf(stderr, "%s failed: %s\n", input.video.id.c_str(), result.failure().message.c_str());
    ++t.failures;
    co_return;
  }
  const auto& u = result->usage;
  t.calls += u.calls;
  t.batched += u.batched_calls;
  t.in += u.input_tokens;
  t.out += u.output_tokens;
  t.list += u.list_cost_usd;
  t.paid += u.cost_usd;
}

Totals measure(int latency_ms, int batch_latency_ms, bool batched, int videos, int minutes) {
  bench::FakeModelProcess fake(
      {"--latency_ms", std::to_string(latency_ms), "--batch_latency_ms", std::to_string(batch_latency_ms)});
  pipeline::PipelineSettings settings;
  settings.model = bench::stand_in_model(fake.port());
  settings.model.batch = batched;
  bench::PipelineRig rig("batch", settings);
  auto api = model::make_batch_api(rig.io.get_executor(), settings.model);
  pipeline::Batcher batcher(rig.io.get_executor(), rig.pool, rig.store, api, settings.model);
  auto ctx = rig.context(batched ? &batcher : nullptr);
  Totals t;
  for (int v = 0; v < videos; ++v) {
    test::SyntheticOptions options;
    options.minutes = minutes;
    options.speakers = true;
    options.seed = 11 + v;
    auto input = test::synthetic_input(options);
    input.video.id = "bench" + std::to_string(v);
    rig.start(input, one_video(ctx, input, t));
  }
  t.seconds = rig.run();
  return t;
}

void row(const char* name, const Totals& t, const Totals* interactive) {
  std::printf("%-34s %5d %7d %9lld %9lld %8.4f %8.4f %6.1f%% %7.1f%s\n", name, t.calls, t.batched,
              static_cast<long long>(t.in), static_cast<long long>(t.out), t.list, t.paid,
              interactive ? 100.0 * t.paid / interactive->paid : 100.0, t.seconds, t.failures ? "  (failures!)" : "");
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(std::getenv("YTM_BENCH_DEBUG") ? spdlog::level::debug : spdlog::level::warn);
  const int latency = bench::int_flag(argc, argv, "--latency-ms", 1000);
  const int batch_latency = bench::int_flag(argc, argv, "--batch-latency-ms", 5000);
  std::printf("stand-in: %d ms an interactive call, %d ms a batch; claude-sonnet-4-5 prices; C=2\n\n", latency,
              batch_latency);
  std::printf("%-34s %5s %7s %9s %9s %8s %8s %7s %7s\n", "case", "calls", "batched", "tok in", "tok out", "list $",
              "paid $", "paid %", "wall s");
  const Totals talk = measure(latency, batch_latency, false, 1, 96);
  row("96-minute talk, interactive", talk, nullptr);
  row("96-minute talk, batched", measure(latency, batch_latency, true, 1, 96), &talk);
  const Totals queue = measure(latency, batch_latency, false, 10, 13);
  row("10 videos of 13 min, interactive", queue, nullptr);
  row("10 videos of 13 min, batched", measure(latency, batch_latency, true, 10, 13), &queue);
  return 0;
}
