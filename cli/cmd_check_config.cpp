#include <cstdio>

#include "command.hpp"
#include "core/duration.hpp"

namespace ytm::cli {
namespace {

int check_config(const GlobalOptions& global) {
  auto loaded = load_config(global);
  if (!loaded) return exit_failure;
  const auto& c = loaded->config;
  std::printf("%s: OK: %zu channel%s from %s, polled every %s; model %s (%s); documents in %s to %s\n", c.file.c_str(),
              loaded->subscriptions.channels.size(), loaded->subscriptions.channels.size() == 1 ? "" : "s",
              c.subscriptions_file.c_str(), format_duration(c.youtube.poll_interval).c_str(),
              config::to_string(c.model.backend), c.model.name.c_str(), c.output.language.c_str(),
              c.output_dir.c_str());
  return exit_ok;
}

}  // namespace

void add_check_config(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto* cmd = app.add_subcommand("check-config", "validate config.yaml and the subscription list");
  cmd->callback([&action, &global] { action = [&global] { return check_config(global); }; });
}

}  // namespace ytm::cli
