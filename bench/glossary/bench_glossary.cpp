// Glossary consistency: how many ways a recurring name is written in one document with the video's
// glossary (the first part's notes say how it rendered the name; every later request carries it)
// and without it (notes with no terms), against tests/fakes/fake_model rendering the name its own
// way in each part unless a glossary says how (vary_names). And what it costs: calls, tokens, and
// the wall time of the first part going alone (see docs/performance.md, "Glossary").
//
//   bench_glossary [--latency-ms L] [--minutes M]
//
// Each case is one talk (76 and 96 minutes, or M) naming its guest every twentieth caption, at the
// default chunk size and model.max_concurrent_requests C of 2 and 4.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "fake_model_process.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline_rig.hpp"
#include "render/markdown.hpp"
#include "synthetic_transcript.hpp"

namespace {

using namespace ytm;

const std::string guest = "Jensen Huang";
// How the stand-in writes the name in parts 1, 2, 3 and 4 (then again) when nothing says how.
const std::vector<std::string> renderings{"Jensen·Huang", "HuangJensen", "J. Huang", "Huang·Jensen"};

struct Case {
  int calls = 0;
  int chunks = 0;
  std::int64_t in = 0;
  std::int64_t out = 0;
  int distinct = 0;  // renderings of the name in the document
  double seconds = 0;
  bool failed = false;
};

boost::asio::awaitable<void> one_video(pipeline::PipelineContext& ctx, pipeline::PipelineInput input, Case& c) {
  auto result = co_await pipeline::run_pipeline(ctx, input);
  if (!result) {
    std::fprintf(stderr, "%s failed: %s\n", input.video.id.c_str(), result.failure().message.c_str());
    c.failed = true;
    co_return;
  }
  c.calls = result->usage.calls;
  c.in = result->usage.input_tokens;
  c.out = result->usage.output_tokens;
  const std::string document = render::render_markdown(*result, render::RenderOptions{});
  for (const auto& r : renderings) c.distinct += document.find(r) != std::string::npos ? 1 : 0;
}

pipeline::PipelineInput talk(int minutes) {
  test::SyntheticOptions options;
  options.minutes = minutes;
  options.speakers = true;
  auto input = test::synthetic_input(options);
  input.video.id = "benchguest1";
  for (std::size_t i = 0; i < input.segments.size(); i += 20) {
    input.segments[i].text = guest + " says " + input.segments[i].text;
  }
  return input;
}

Case measure(int latency_ms, int concurrency, bool terms, int minutes) {
  std::vector<std::string> flags{"--latency_ms", std::to_string(latency_ms), "--vary_names", guest};
  if (terms) flags.emplace_back("--propose_terms");
  bench::FakeModelProcess fake(flags);
  pipeline::PipelineSettings settings;
  settings.model = bench::stand_in_model(fake.port());
  settings.model.max_concurrent_requests = concurrency;
  bench::PipelineRig rig("glossary", settings);
  auto ctx = rig.context();
  Case c;
  ctx.on_step = [&c](const std::string&, const std::string& step, bool) {
    if (step.starts_with("translate/") && step.find_first_of("./", 10) == std::string::npos) ++c.chunks;
  };
  auto input = talk(minutes);
  rig.start(input, one_video(ctx, input, c));
  c.seconds = rig.run();
  return c;
}

void row(const char* name, const Case& c, int concurrency, int latency_ms) {
  // All parts at once, as before the glossary: ceil(parts / C) rounds of calls, then the summary.
  const double at_once = (std::ceil(static_cast<double>(c.chunks) / concurrency) + 1) * latency_ms / 1000.0;
  std::printf("%-30s %6d %6d %9lld %9lld %10d %7.2f %9.2f%s\n", name, c.chunks, c.calls, static_cast<long long>(c.in),
              static_cast<long long>(c.out), c.distinct, c.seconds, at_once, c.failed ? "  (failed!)" : "");
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(std::getenv("YTM_BENCH_DEBUG") ? spdlog::level::debug : spdlog::level::warn);
  const int latency = bench::int_flag(argc, argv, "--latency-ms", 1000);
  const int only = bench::int_flag(argc, argv, "--minutes", 0);
  std::printf("A talk naming its guest every 20th caption; stand-in latency %d ms, renderings varied by part.\n"
              "\"at once s\": the wall time were every part sent at once, computed: ceil(parts / C) + 1 calls.\n\n",
              latency);
  std::printf("%-30s %6s %6s %9s %9s %10s %7s %9s\n", "case", "parts", "calls", "tok in", "tok out", "renderings",
              "wall s", "at once s");
  const std::vector<int> lengths = only > 0 ? std::vector<int>{only} : std::vector<int>{76, 96};
  for (int minutes : lengths) {
    for (int concurrency : {2, 4}) {
      char name[64];
      std::snprintf(name, sizeof name, "%d min, no terms, C=%d", minutes, concurrency);
      row(name, measure(latency, concurrency, false, minutes), concurrency, latency);
      std::snprintf(name, sizeof name, "%d min, video glossary, C=%d", minutes, concurrency);
      row(name, measure(latency, concurrency, true, minutes), concurrency, latency);
    }
  }
  return 0;
}
