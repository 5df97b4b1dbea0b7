#include "command.hpp"

namespace ytm::cli {

void add_process(CLI::App& app, const GlobalOptions& /*global*/, Action& action) {
  auto* cmd = app.add_subcommand("process", "take one video through the whole pipeline and wait for it");
  cmd->add_option("video", "video URL or id")->required();
  cmd->callback([&action] { action = [] { return not_built("process", "the worker pipeline"); }; });
}

}  // namespace ytm::cli
