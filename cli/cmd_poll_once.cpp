#include <boost/asio/io_context.hpp>

#include <cstdio>

#include "command.hpp"
#include "core/log.hpp"
#include "core/run_to_end.hpp"
#include "monitor/monitor.hpp"

namespace ytm::cli {
namespace {

int poll_once(const GlobalOptions& global) {
  auto loaded = set_up(global);
  if (!loaded) return exit_failure;
  setup_logging(loaded->config.log_level);
  auto& runtime = loaded->runtime;
  auto& io = runtime.io();
  monitor::Monitor monitor(io, runtime.pool(), runtime.store(), runtime.http(), loaded->config, runtime.ytdlp_gate());
  auto reports = run_to_end(io, monitor.poll_all(loaded->subscriptions));
  int failed = 0;
  int queued = 0;
  for (const auto& [source, report] : reports) {
    queued += report.queued;
    if (!report.error.empty()) {
      ++failed;
      std::fprintf(stderr, "%s: %s (%s)\n", source.c_str(), report.error.c_str(), report.result.c_str());
    }
  }
  std::printf("polled %zu channel(s): %d new video(s) queued, %d channel(s) failed\n", reports.size(), queued, failed);
  return failed == 0 ? exit_ok : exit_failure;
}

}  // namespace

void add_poll_once(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto* cmd = app.add_subcommand("poll-once", "poll every channel once, record what is new, and exit");
  cmd->callback([&action, &global] { action = [&global] { return poll_once(global); }; });
}

}  // namespace ytm::cli
