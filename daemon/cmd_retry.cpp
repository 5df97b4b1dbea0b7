#include <cstdio>

#include "command.hpp"
#include "store/store.hpp"

namespace ytm::cli {
namespace {

struct RetryOptions {
  std::string video;
  bool failed = false;
};

int retry(const GlobalOptions& global, const RetryOptions& options) {
  if (options.video.empty() == !options.failed) {
    std::fprintf(stderr, "ytmonitor retry: give a video id, or --failed for every failed video\n");
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
  return exit_ok;
}

}  // namespace

void add_retry(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto* cmd = app.add_subcommand("retry", "queue a failed, skipped or waiting video again (--failed: all failed)");
  static RetryOptions options;
  cmd->add_option("video", options.video, "video id");
  cmd->add_flag("--failed", options.failed, "every failed video");
  cmd->callback([&action, &global] { action = [&global] { return retry(global, options); }; });
}

}  // namespace ytm::cli
