// Model calls, tokens sent and throughput of the pipeline for a 76-minute video, against
// tests/fakes/fake_model at a fixed latency (see docs/performance.md, "Pipeline").
//
//   bench_pipeline [--latency-ms L] [--concurrency C] [--videos K]
//
// "wall s" is how long the case took; "of C/L" is calls per second against C calls per L. With
// YTM_BENCH_DEBUG set, every model call is logged with the time it was answered.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "fake_model_process.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/measure.hpp"
#include "pipeline_rig.hpp"
#include "synthetic_transcript.hpp"

namespace {

using namespace ytm;

struct Totals {
  int calls = 0;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  int failures = 0;
};

boost::asio::awaitable<void> one_video(pipeline::PipelineContext& ctx, pipeline::PipelineInput input, Totals& totals) {
  auto result = co_await pipeline::run_pipeline(ctx, input);
  if (!result) {
    std::fprintf(stderr, "%s failed: %s\n", input.video.id.c_str(), result.failure().message.c_str());
    ++totals.failures;
    co_return;
  }
  totals.calls += result->usage.calls;
  totals.input_tokens += result->usage.input_tokens;
  totals.output_tokens += result->usage.output_tokens;
}

struct Measurement {
  Totals totals;
  double seconds = 0;
};

// K videos at once through one shared limiter of C slots, as the daemon's workers share it.
Measurement measure(int latency_ms, int concurrency, int videos, int chapters, int minutes) {
  bench::FakeModelProcess fake({"--latency_ms", std::to_string(latency_ms)});
  pipeline::PipelineSettings settings;
  settings.model = bench::stand_in_model(fake.port());
  settings.model.max_concurrent_requests = concurrency;
  bench::PipelineRig rig("pipeline", settings);
  auto ctx = rig.context();
  Measurement m;
  for (int v = 0; v < videos; ++v) {
    test::SyntheticOptions options;
    options.minutes = minutes;
    options.chapters = chapters;
    options.speakers = true;
    options.seed = 11 + v;
    auto input = test::synthetic_input(options);
    input.video.id = "bench" + std::to_string(v);
    rig.start(input, one_video(ctx, input, m.totals));
  }
  m.seconds = rig.run();
  return m;
}

long transcript_tokens(int minutes, int chapters) {
  test::SyntheticOptions options;
  options.minutes = minutes;
  options.chapters = chapters;
  options.speakers = true;
  std::string text;
  for (const auto& s : test::synthetic_input(options).segments) text += s.text + " ";
  return pipeline::estimate_tokens(text);
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(std::getenv("YTM_BENCH_DEBUG") ? spdlog::level::debug : spdlog::level::warn);
  spdlog::set_pattern("%S.%e %v");
  const int latency = bench::int_flag(argc, argv, "--latency-ms", 500);
  const int concurrency = bench::int_flag(argc, argv, "--concurrency", 4);
  const int videos = bench::int_flag(argc, argv, "--videos", 4);
  constexpr int minutes = 76;
  std::printf("76-minute transcript, ~150 words/min; stand-in latency %d ms\n\n", latency);
  std::printf("%-32s %6s %10s %8s %8s %7s %10s %9s\n", "case", "calls", "sent tok", "own tok", "sent/own", "wall s",
              "calls/s", "of C/L");
  const auto row = [&](const char* name, int chapters, int c, int k) {
    const Measurement m = measure(latency, c, k, chapters, minutes);
    const double own = static_cast<double>(transcript_tokens(minutes, chapters)) * k;
    const double rate = m.totals.calls / m.seconds;
    const double ideal = c * 1000.0 / latency;
    std::printf("%-32s %6d %10lld %8.0f %8.2f %7.2f %10.2f %8.1f%%%s\n", name, m.totals.calls,
                static_cast<long long>(m.totals.input_tokens), own, m.totals.input_tokens / own, m.seconds, rate,
                100.0 * rate / ideal, m.totals.failures ? "  (failures!)" : "");
  };
  row("1 video, no chapters, C=2", 0, 2, 1);
  row("1 video, 10 chapters, C=2", 10, 2, 1);
  char name[64];
  std::snprintf(name, sizeof name, "%d videos, no chapters, C=%d", videos, concurrency);
  row(name, 0, concurrency, videos);
  std::snprintf(name, sizeof name, "%d videos, 10 chapters, C=%d", videos, concurrency);
  row(name, 10, concurrency, videos);
  return 0;
}
