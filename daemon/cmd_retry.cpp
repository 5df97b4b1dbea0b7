#include "command.hpp"

namespace ytm::cli {

void add_retry(CLI::App& app, const GlobalOptions& /*global*/, Action& action) {
  auto* cmd = app.add_subcommand("retry", "queue failed videos again");
  cmd->add_option("video", "video id"); static bool flag = false; cmd->add_flag("--failed", flag, "every failed video");
  cmd->callback([&action] { action = [] { return not_built("retry", "the queue"); }; });
}

}  // namespace ytm::cli
