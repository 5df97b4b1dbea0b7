#include "command.hpp"

namespace ytm::cli {

void add_resolve(CLI::App& app, const GlobalOptions& /*global*/, Action& action) {
  auto* cmd = app.add_subcommand("resolve", "turn an @handle or channel URL into the channel id and title");
  cmd->add_option("channel", "@handle or channel URL")->required();
  cmd->callback([&action] { action = [] { return not_built("resolve", "channel resolution"); }; });
}

}  // namespace ytm::cli
