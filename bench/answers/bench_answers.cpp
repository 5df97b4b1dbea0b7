// The 96-minute talk through the pipeline against tests/fakes/fake_model answering as real models do
// (see docs/performance.md, "Answers as models write them"): clean, under each answer style, and all
// styles mixed at random. Per run: model calls, tokens sent relative to the transcript, minutes
// whose speech has a translated paragraph, passages kept untranslated, and whether the document is
// complete (every source line in it) and clean (none of the injected text).
//
//   bench_answers [--rate P] [--seeds N]      P: percent of answers a mixed run touches (50)
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/blocking.hpp"
#include "core/time.hpp"
#include "fake_model_process.hpp"
#include "injected_text.hpp"
#include "model/backend.hpp"
#include "pipeline/chunking.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/text.hpp"
#include "render/markdown.hpp"
#include "store/store.hpp"
#include "synthetic_transcript.hpp"

namespace {

using namespace ytm;

constexpr int minutes = 96;

const std::vector<std::string> injected = test::injected_text();

pipeline::PipelineInput talk() {
  test::SyntheticOptions options;
  options.minutes = minutes;
  options.speakers = true;
  return test::synthetic_input(options);
}

struct Run {
  bool ok = false;
  int calls = 0;
  std::int64_t sent = 0;
  std::int64_t received = 0;
  int covered_minutes = 0;
  int speech_minutes = 0;
  int untranslated = 0;
  bool complete = false;
  bool clean = false;
};

boost::asio::awaitable<void> run_one(pipeline::PipelineContext& ctx, const pipeline::PipelineInput& input,
                                     std::optional<Outcome<pipeline::VideoResult>>& out) {
  out = co_await pipeline::run_pipeline(ctx, input);
}

void judge(const pipeline::VideoResult& r, const pipeline::PipelineInput& input, Run& run) {
  const auto lines = pipeline::build_lines(input.segments, {});
  std::string text;
  for (const auto& p : r.translation) text += p.text + "\n";
  std::size_t at = 0;
  run.complete = true;
  std::set<int> speech, covered;
  for (const auto& line : lines) {
    const auto found = text.find(line.text, at);
    if (found == std::string::npos) {
      if (std::getenv("YTM_BENCH_DEBUG")) std::fprintf(stderr, "missing [%.1f] %s\n", line.start, line.text.c_str());
      run.complete = false;
    } else {
      at = found + line.text.size();
    }
    speech.insert(static_cast<int>(line.start) / 60);
  }
  for (const auto& p : r.translation) {
    if (!p.untranslated.empty()) continue;
    for (int m = p.start / 60; m * 60 < p.end; ++m) covered.insert(m);
  }
  for (int m : speech) run.covered_minutes += covered.count(m) ? 1 : 0;
  run.speech_minutes = static_cast<int>(speech.size());
  run.untranslated = r.coverage.untranslated_passages;
  const std::string document = render::render_markdown(r, render::RenderOptions{});
  run.clean = true;
  for (const auto& s : injected) run.clean = run.clean && document.find(s) == std::string::npos;
}

Run measure(const std::vector<std::string>& flags) {
  bench::FakeModelProcess fake(flags);
  const auto dir = std::filesystem::temp_directory_path() / ("ytm-bench-answers-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  Run run;
  {
    store::Store store(dir / "state.db");
    const pipeline::Prompts prompts = pipeline::load_prompts({});
    pipeline::PipelineSettings settings;
    settings.model.backend = config::ModelBackend::anthropic;
    settings.model.base_url = "http://127.0.0.1:" + std::to_string(fake.port());
    settings.model.api_key_env = "YTM_BENCH_KEY";
    boost::asio::io_context io;
    BlockingPool pool(2);
    auto backend = model::make_backend(io.get_executor(), settings.model);
    Limiter limiter(settings.model.max_concurrent_requests);
    pipeline::PipelineContext ctx{pool, store, *backend, limiter, prompts, settings, {}};
    const auto input = talk();
    store.insert_video({input.video.id, "UCbench", input.video.title, "", std::nullopt, false, "manual",
                        store::VideoState::queued, ""},
                       now_unix());
    std::optional<Outcome<pipeline::VideoResult>> result;
    boost::asio::co_spawn(io, run_one(ctx, input, result), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
    io.run();
    if (result && *result) {
      run.ok = true;
      run.calls = (*result)->usage.calls;
      run.sent = (*result)->usage.input_tokens;
      run.received = (*result)->usage.output_tokens;
      judge(**result, input, run);
    } else if (result) {
      std::fprintf(stderr, "failed: %s\n", result->failure().message.c_str());
    }
  }
  std::filesystem::remove_all(dir);
  return run;
}

long transcript_tokens() {
  std::string text;
  for (const auto& s : talk().segments) text += s.text + " ";
  return pipeline::estimate_tokens(text);
}

int flag(int argc, char** argv, const std::string& name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == name) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(std::getenv("YTM_BENCH_DEBUG") ? spdlog::level::debug : spdlog::level::err);
  ::setenv("YTM_BENCH_KEY", "bench", 1);
  const int rate = flag(argc, argv, "--rate", 50);
  const int seeds = flag(argc, argv, "--seeds", 3);
  const double own = static_cast<double>(transcript_tokens());
  std::printf("%d-minute talk, ~150 words/min, two speakers, en -> zh-CN, anthropic backend\n\n", minutes);
  std::printf("| case | ok | calls | sent/own | tokens in / out | minutes covered | untranslated | complete | clean |\n");
  std::printf("|---|---|---:|---:|---:|---:|---:|---|---|\n");
  const auto row = [&](const std::string& name, const std::vector<std::string>& flags) {
    const Run r = measure(flags);
    std::printf("| %s | %s | %d | %.2f | %lld / %lld | %d/%d | %d | %s | %s |\n", name.c_str(), r.ok ? "yes" : "NO",
                r.calls, static_cast<double>(r.sent) / own, static_cast<long long>(r.sent),
                static_cast<long long>(r.received), r.covered_minutes, r.speech_minutes, r.untranslated,
                r.complete ? "yes" : "NO", r.clean ? "yes" : "NO");
    std::fflush(stdout);
  };
  row("clean", {});
  for (const char* style : {"preamble", "postscript", "stamp_variants", "speaker_variants", "merged_paragraphs",
                            "dropped_tail", "summarised_passage", "refusal", "trailing_commas", "string_times",
                            "ms_times", "extra_keys", "missing_lists", "fullwidth_punctuation", "think", "thinking",
                            "reasoning", "empty_think", "repeated_paragraph", "looping_sentence", "relative_stamps"}) {
    // Every answer the style applies to, repairs included.
    row(style, {"--" + std::string(style), "1000", "--stubborn"});
  }
  for (int seed = 1; seed <= seeds; ++seed) {
    row("mixed " + std::to_string(rate) + "%, seed " + std::to_string(seed),
        {"--mix_rate", std::to_string(rate), "--mix_seed", std::to_string(seed), "--stubborn"});
  }
  return 0;
}
