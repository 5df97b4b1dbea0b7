// The 96-minute talk through the pipeline against tests/fakes/fake_model answering as real models do
// (see docs/performance.md, "Answers as models write them"): clean, under each answer style the
// stand-in knows (`fake_model --list-styles`, so a style added there is measured without an edit
// here), and all styles mixed at random. Per run: model calls, tokens sent relative to the
// transcript, minutes whose speech has a translated paragraph, passages kept untranslated, what the
// checks of the answers converted or dropped (the result's pass counts), and whether the document
// is complete (every source line in it) and clean (none of the injected text).
// Styles only the claude CLI meets (schema_give_up) and a second set of mixed runs go through the
// real claude CLI (tests/node) when it is installed.
//
// The mixed runs are also made on a 60-minute talk of three chunks.
//
//   bench_answers [--rate P] [--seeds N] [--only TEXT] [--cli-styles all]
//     P: percent of answers a mixed run touches (50); TEXT: run only the cases whose name contains it;
//     --cli-styles all: every style on claude-cli too, not only those only the CLI meets
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "core/blocking.hpp"
#include "core/time.hpp"
#include "fake_model_process.hpp"
#include "injected_text.hpp"
#include "model/backend.hpp"
#include "pipeline/chunking.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/result.hpp"
#include "pipeline/measure.hpp"
#include "render/markdown.hpp"
#include "store/store.hpp"
#include "support/run.hpp"
#include "synthetic_transcript.hpp"

namespace {

using namespace ytm;

constexpr int minutes = 96;
// A talk of three chunks at the default chunk size, the size issue 21's aim for mixed runs is for.
constexpr int three_chunk_minutes = 60;

const std::filesystem::path claude_path = std::filesystem::path(YTM_SOURCE_DIR) / "tests/node/node_modules/.bin/claude";

const std::vector<std::string> injected = [] {
  auto texts = test::injected_text();
  texts.emplace_back("Done.");  // the claude CLI's words when it gives up on a schema
  return texts;
}();

pipeline::PipelineInput talk(int length = minutes) {
  test::SyntheticOptions options;
  options.minutes = length;
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
  int quotes_kept = 0;  // of the summary's quotes, found in the transcript where their time says
  int passes = -1;      // paragraphs and lines the checks converted or dropped; -1: the result keeps no counts
  std::string by_pass;  // "repeated paragraphs 2, thought blocks 1"
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
    if (!p.translated()) continue;
    for (int m = p.start / 60; m * 60 < p.end; ++m) covered.insert(m);
  }
  for (int m : speech) run.covered_minutes += covered.count(m) ? 1 : 0;
  run.speech_minutes = static_cast<int>(speech.size());
  run.untranslated = r.coverage.untranslated_passages;
  run.quotes_kept = r.grounding.quotes_kept;
  // From the result as stored, so the bench reads the pass counts without depending on their type.
  const nlohmann::json stored = r;
  if (stored.contains("passes")) run.passes = 0;
  for (const auto& pass : stored.value("passes", nlohmann::json::array())) {
    const int count = pass.value("count", 0);
    run.passes += count;
    run.by_pass +=
        (run.by_pass.empty() ? "" : ", ") + pass.value("name", std::string("?")) + " " + std::to_string(count);
  }
  const std::string document = render::render_markdown(r, render::RenderOptions{});
  run.clean = true;
  for (const auto& s : injected) run.clean = run.clean && document.find(s) == std::string::npos;
}

// The backend a run goes through: the anthropic API, or the real claude CLI pointed at the stand-in.
std::unique_ptr<model::Backend> backend_for(boost::asio::io_context& io, pipeline::PipelineSettings& settings, int port,
                                            bool cli, const std::filesystem::path& home) {
  const std::string base_url = "http://127.0.0.1:" + std::to_string(port);
  if (!cli) {
    settings.model.backend = config::ModelBackend::anthropic;
    settings.model.base_url = base_url;
    settings.model.api_key_env = "YTM_BENCH_KEY";
    return model::make_backend(io.get_executor(), settings.model);
  }
  settings.model.backend = config::ModelBackend::claude_cli;
  settings.model.command = claude_path.string();
  settings.model.name = "claude-sonnet-4-5";
  model::BackendOptions options{{{"ANTHROPIC_BASE_URL", base_url},
                                 {"ANTHROPIC_API_KEY", "bench"},
                                 {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"},
                                 {"HOME", home.string()},
                                 {"CLAUDE_CONFIG_DIR", (home / ".claude").string()}}};
  return model::make_backend(io.get_executor(), settings.model, std::move(options));
}

Run measure(const std::vector<std::string>& flags, bool cli, int length) {
  bench::FakeModelProcess fake(flags);
  const auto dir = std::filesystem::temp_directory_path() / ("ytm-bench-answers-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "home");
  Run run;
  {
    store::Store store(dir / "state.db");
    const pipeline::Prompts prompts = pipeline::load_prompts({});
    pipeline::PipelineSettings settings;
    boost::asio::io_context io;
    BlockingPool pool(2);
    auto backend = backend_for(io, settings, fake.port(), cli, dir / "home");
    Limiter limiter(settings.model.max_concurrent_requests);
    pipeline::PipelineContext ctx{pool, store, *backend, limiter, prompts, settings, {}};
    const auto input = talk(length);
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
      // What a failed video spent, as the store recorded it.
      const store::SpendSummary spent = store.spend_since(0);
      run.calls = static_cast<int>(spent.calls);
      run.sent = spent.input_tokens;
      run.received = spent.output_tokens;
      std::fprintf(stderr, "failed: %s\n", result->failure().message.c_str());
    }
  }
  std::filesystem::remove_all(dir);
  return run;
}

long transcript_tokens(int length) {
  std::string text;
  for (const auto& s : talk(length).segments) text += s.text + " ";
  return pipeline::estimate_tokens(text);
}

// The stand-in's answer styles, and which of them only the claude CLI meets.
struct Styles {
  std::vector<std::string> all;
  std::set<std::string> cli_only;
};

Styles stand_in_styles() {
  const auto listed = nlohmann::json::parse(test::run(bench::fake_model_argv({"--list-styles"})).out, nullptr, false);
  if (!listed.is_object()) throw std::runtime_error("fake_model --list-styles printed no JSON object");
  return {listed.value("styles", std::vector<std::string>{}), listed.value("claude_cli_only", std::set<std::string>{})};
}

std::string flag(int argc, char** argv, const std::string& name, const std::string& fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == name) return argv[i + 1];
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(std::getenv("YTM_BENCH_DEBUG") ? spdlog::level::debug : spdlog::level::err);
  ::setenv("YTM_BENCH_KEY", "bench", 1);
  const int rate = std::stoi(flag(argc, argv, "--rate", "50"));
  const int seeds = std::stoi(flag(argc, argv, "--seeds", "3"));
  const std::string only = flag(argc, argv, "--only", "");
  const bool every_style_on_cli = flag(argc, argv, "--cli-styles", "") == "all";
  const bool cli = std::filesystem::exists(claude_path);
  const Styles styles = stand_in_styles();
  const double own = static_cast<double>(transcript_tokens(minutes));
  const double own_three = static_cast<double>(transcript_tokens(three_chunk_minutes));
  std::printf("%d-minute talk, ~150 words/min, two speakers, en -> zh-CN; %zu styles from the stand-in\n\n", minutes,
              styles.all.size());
  std::printf(
      "| case | backend | ok | calls | sent/own | tokens in / out | minutes covered | untranslated | "
      "quotes kept | converted or dropped | complete | clean |\n");
  std::printf("|---|---|---|---:|---:|---:|---:|---:|---:|---|---|---|\n");
  const auto row = [&](const std::string& name, const std::vector<std::string>& flags, bool on_cli,
                       int length = minutes) {
    if (name.find(only) == std::string::npos) return;
    const Run r = measure(flags, on_cli, length);
    const double own_tokens = length == minutes ? own : own_three;
    const std::string passes = r.passes < 0 ? "–" : std::to_string(r.passes);
    std::printf("| %s | %s | %s | %d | %.2f | %lld / %lld | %d/%d | %d | %d | %s%s%s%s | %s | %s |\n", name.c_str(),
                on_cli ? "claude-cli" : "anthropic", r.ok ? "yes" : "NO", r.calls, static_cast<double>(r.sent) / own_tokens,
                static_cast<long long>(r.sent), static_cast<long long>(r.received), r.covered_minutes, r.speech_minutes,
                r.untranslated, r.quotes_kept, passes.c_str(), r.by_pass.empty() ? "" : " (", r.by_pass.c_str(),
                r.by_pass.empty() ? "" : ")", r.complete ? "yes" : "NO", r.clean ? "yes" : "NO");
    std::fflush(stdout);
  };
  row("clean", {}, false);
  for (const auto& style : styles.all) {
    // Every answer the style applies to, repairs included.
    if (!styles.cli_only.contains(style)) row(style, {"--" + style, "1000", "--stubborn"}, false);
  }
  for (int seed = 1; seed <= seeds; ++seed) {
    row("mixed " + std::to_string(rate) + "%, seed " + std::to_string(seed),
        {"--mix_rate", std::to_string(rate), "--mix_seed", std::to_string(seed), "--stubborn"}, false);
  }
  const std::string three = std::to_string(three_chunk_minutes) + " min (3 chunks): ";
  row(three + "clean", {}, false, three_chunk_minutes);
  for (int seed = 1; seed <= seeds; ++seed) {
    row(three + "mixed " + std::to_string(rate) + "%, seed " + std::to_string(seed),
        {"--mix_rate", std::to_string(rate), "--mix_seed", std::to_string(seed), "--stubborn"}, false,
        three_chunk_minutes);
  }
  if (!cli) {
    std::printf("\n(the claude CLI is not installed at %s: its rows are left out)\n", claude_path.c_str());
    return 0;
  }
  row("clean", {}, true);
  for (const auto& style : styles.all) {
    if (every_style_on_cli || styles.cli_only.contains(style)) row(style, {"--" + style, "1000", "--stubborn"}, true);
  }
  for (int seed = 1; seed <= seeds; ++seed) {
    row("mixed " + std::to_string(rate) + "%, seed " + std::to_string(seed),
        {"--mix_rate", std::to_string(rate), "--mix_seed", std::to_string(seed), "--stubborn"}, true);
  }
  for (int seed = 1; seed <= seeds; ++seed) {
    row(three + "mixed " + std::to_string(rate) + "%, seed " + std::to_string(seed),
        {"--mix_rate", std::to_string(rate), "--mix_seed", std::to_string(seed), "--stubborn"}, true,
        three_chunk_minutes);
  }
  return 0;
}
