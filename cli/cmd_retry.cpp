#include <cstdio>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "core/pauses.hpp"
#include "status/daemon_health.hpp"
#include "store/store.hpp"

namespace ytm::cli {
namespace {

struct RetryOptions {
  std::string video;
  bool failed = false;
};

// A running daemon takes the videos at once, and ends a pause of YouTube work (the user asks to try
// again, typically after adding cookies); a stopped one finds its saved pause ended when it starts.
void tell_daemon(const std::filesystem::path& state_dir, store::Store& store) {
  nlohmann::json report;
  const auto now = now_unix();
  status::add_daemon_health(report, state_dir, now);
  if (!report["daemon"].value("running", false)) {
    if (store.bot_check_pause()) {
      store.save_bot_check_pause(std::nullopt);
      std::printf("YouTube work was paused (bot_check) when the daemon stopped: it tries again when it starts\n");
    }
    return;
  }
  status::request_retry(state_dir);
  for (const auto& pause : report["paused"]) {
    if (pause.value("stage", "") == youtube_stage) {
      std::printf("YouTube work was paused (%s): the daemon tries again now\n", pause.value("code", "").c_str());
    }
  }
}

int retry(const GlobalOptions& global, const RetryOptions& options) {
  if (options.video.empty() == !options.failed) {
    std::fprintf(stderr, "ytmonitor retry: give a video id, or --failed for every failed or waiting video\n");
    return exit_unavailable;
  }
  auto loaded = set_up_reading(global, "retry");
  if (!loaded) return exit_failure;
  auto& store = loaded->runtime.store();
  int queued = options.failed ? store.retry_failed(now_unix()) : store.retry(options.video, now_unix());
  if (!options.failed && queued == 0) {
    auto video = store.video(options.video);
    std::fprintf(stderr, "ytmonitor retry: %s\n",
                 video
                     ? ("video " + options.video + " is " + store::to_string(video->state) + ", not retryable").c_str()
                     : ("no video " + options.video + " in the database").c_str());
    return exit_failure;
  }
  std::printf("%d video%s queued again\n", queued, queued == 1 ? "" : "s");
  tell_daemon(loaded->config.state_dir, store);
  return exit_ok;
}

}  // namespace

void add_retry(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto* cmd = app.add_subcommand("retry", "queue a failed, skipped or waiting video again (--failed: all failed and waiting ones)");
  static RetryOptions options;
  cmd->add_option("video", options.video, "video id");
  cmd->add_flag("--failed", options.failed, "every failed or waiting video");
  cmd->callback([&action, &global] { action = [&global] { return retry(global, options); }; });
}

}  // namespace ytm::cli
