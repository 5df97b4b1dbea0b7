#include "command.hpp"

namespace ytm::cli {

void add_render(CLI::App& app, const GlobalOptions& /*global*/, Action& action) {
  auto* cmd = app.add_subcommand("render", "rebuild documents from stored results, without the model");
  cmd->add_option("video", "video id"); static bool flag = false; cmd->add_flag("--all", flag, "every finished video");
  cmd->callback([&action] { action = [] { return not_built("render", "the renderer"); }; });
}

}  // namespace ytm::cli
