// Tokens sent to the model for a talk with a 90-second sponsor read, with SponsorBlock's segment
// skipped and without (see docs/performance.md, "SponsorBlock"). The segment comes from
// tests/fakes/fake_sponsorblock through the real lookup; the model is tests/fakes/fake_model.
//
//   bench_sponsorblock
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "core/blocking.hpp"
#include "core/run_to_end.hpp"
#include "fake_model_process.hpp"
#include "model/backend.hpp"
#include "net/http_client.hpp"
#include "pipeline/pipeline.hpp"
#include "sponsorblock/lookup.hpp"
#include "store/store.hpp"
#include "support/fake_sponsorblock.hpp"
#include "synthetic_transcript.hpp"

namespace {

using namespace ytm;

struct Run {
  pipeline::Usage usage;
  int tokens_saved = 0;
  bool ok = false;
};

// One talk of `minutes` with a sponsor read from 5:00 to 6:30, through lookup, skip and the pipeline.
Run measure(int minutes, config::SponsorAction action, int model_port, const std::string& sponsorblock_url) {
  const auto dir = std::filesystem::temp_directory_path() / ("ytm-bench-sponsor-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  Run run;
  {
    store::Store store(dir / "state.db");
    boost::asio::io_context io;
    BlockingPool pool(2);
    net::HttpClient http(io.get_executor(), {});
    pipeline::PipelineSettings settings;
    settings.model.backend = config::ModelBackend::anthropic;
    settings.model.base_url = "http://127.0.0.1:" + std::to_string(model_port);
    settings.model.api_key_env = "YTM_BENCH_KEY";
    auto backend = model::make_backend(io.get_executor(), settings.model);
    Limiter limiter(2);
    pipeline::Prompts prompts = pipeline::load_prompts({});
    pipeline::PipelineContext ctx{pool, store, *backend, limiter, prompts, settings, {}};
    test::SyntheticOptions options;
    options.minutes = minutes;
    options.speakers = true;
    auto input = test::synthetic_input(options);
    input.video.id = "sponsored01";
    input.video.duration = minutes * 60;
    store.insert_video({input.video.id, "UCbench", input.video.title, "", std::nullopt, false, "manual",
                        store::VideoState::queued, ""},
                       now_unix());
    config::SponsorblockSettings sb;
    sb.base_url = sponsorblock_url;
    sb.action = action;
    auto report =
        run_to_end(io, sponsorblock::look_up(&pool, &store, &http, sb, input.video.id, minutes * 60.0, now_unix()));
    sponsorblock::apply(report, input.segments);
    run.tokens_saved = report.tokens_saved;
    io.restart();
    auto result = run_to_end(io, pipeline::run_pipeline(ctx, input));
    run.ok = static_cast<bool>(result);
    if (result) run.usage = result->usage;
  }
  std::filesystem::remove_all(dir);
  return run;
}

}  // namespace

int main() {
  spdlog::set_level(spdlog::level::warn);
  ::setenv("YTM_BENCH_KEY", "bench", 1);
  bench::FakeModelProcess model({});
  test::FakeSponsorblock sponsorblock;
  sponsorblock.submit({{"sponsored01", {{{"segment", {300.0, 390.0}}, {"category", "sponsor"}}}}});
  std::printf("%-28s %6s %10s %10s %12s %10s\n", "case", "calls", "sent tok", "out tok", "skipped tok", "sent saved");
  for (int minutes : {12, 30, 76}) {
    const Run kept = measure(minutes, config::SponsorAction::mark, model.port(), sponsorblock.base_url());
    const Run skipped = measure(minutes, config::SponsorAction::skip, model.port(), sponsorblock.base_url());
    char name[64];
    std::snprintf(name, sizeof name, "%d min, sponsor kept", minutes);
    std::printf("%-28s %6d %10lld %10lld %12s %10s%s\n", name, kept.usage.calls,
                static_cast<long long>(kept.usage.input_tokens), static_cast<long long>(kept.usage.output_tokens), "-",
                "-", kept.ok ? "" : "  (failed!)");
    std::snprintf(name, sizeof name, "%d min, sponsor skipped", minutes);
    const double saved = 100.0 * (kept.usage.input_tokens - skipped.usage.input_tokens) / kept.usage.input_tokens;
    std::printf("%-28s %6d %10lld %10lld %12d %9.1f%%%s\n", name, skipped.usage.calls,
                static_cast<long long>(skipped.usage.input_tokens), static_cast<long long>(skipped.usage.output_tokens),
                skipped.tokens_saved, saved, skipped.ok ? "" : "  (failed!)");
  }
  return 0;
}
