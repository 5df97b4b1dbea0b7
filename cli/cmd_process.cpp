#include <boost/asio/io_context.hpp>

#include <cstdio>

#include "command.hpp"
#include "core/log.hpp"
#include "core/process_identity.hpp"
#include "core/run_to_end.hpp"
#include "core/youtube.hpp"
#include "jobs/video_job.hpp"
#include "jobs/workers.hpp"
#include "transcript/fetch.hpp"

namespace ytm::cli {
namespace {

// The video must be in the store to be leased; one given by hand is added with what we know.
bool add_if_missing(store::Store& store, const std::string& id) {
  if (store.video(id)) return false;
  store::NewVideo v;
  v.id = id;
  v.link = watch_url(id);
  v.origin = "manual";
  store.insert_video(v, now_unix());
  return true;
}

int process(const GlobalOptions& global, const std::string& input) {
  auto id = video_id_from(input);
  if (!id) {
    std::fprintf(stderr, "ytmonitor process: '%s' is not a YouTube video URL or id\n", input.c_str());
    return exit_unavailable;
  }
  auto loaded = set_up(global);
  if (!loaded) return exit_failure;
  setup_logging(loaded->config.log_level);
  const auto& c = loaded->config;
  auto& runtime = loaded->runtime;
  auto& io = runtime.io();
  auto& store = runtime.store();
  jobs::VideoProcessor processor(io, runtime.pool(), store, runtime.http(), runtime.model(), *loaded,
                                 runtime.ytdlp_gate());
  jobs::Workers workers(io, runtime.pool(), store, c, processor.job());
  add_if_missing(store, *id);
  auto now = now_unix();
  const store::Claimant me{self_identity().text(), self_identity(), 0};
  auto lease = store.claim_video(*id, me, now, now + std::chrono::duration_cast<std::chrono::seconds>(c.lease).count());
  if (!lease) {
    std::fprintf(stderr, "ytmonitor process: video %s is being processed by the daemon right now\n", id->c_str());
    return exit_failure;
  }
  auto outcome = run_to_end(io, workers.run_one(*lease));
  if (!outcome) {
    std::fprintf(stderr, "ytmonitor process: %s (%s)\n", outcome.failure().message.c_str(),
                 outcome.failure().code_text().c_str());
    return exit_failure;
  }
  if (outcome->skipped) {
    std::printf("skipped: %s\n", outcome->reason.c_str());
  } else {
    std::printf("%s\n", (c.output_dir / outcome->document).c_str());
  }
  return exit_ok;
}

}  // namespace

void add_process(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto* cmd = app.add_subcommand("process", "take one video through the whole pipeline now and wait for it");
  static std::string input;
  cmd->add_option("video", input, "video URL or id")->required();
  cmd->callback([&action, &global] { action = [&global] { return process(global, input); }; });
}

}  // namespace ytm::cli
