#include <boost/asio/io_context.hpp>

#include <cstdio>

#include "command.hpp"
#include "core/run_to_end.hpp"
#include "monitor/resolve.hpp"

namespace ytm::cli {
namespace {

int resolve(const GlobalOptions& global, const std::string& input) {
  auto loaded = set_up(global);
  if (!loaded) return exit_failure;
  auto& io = loaded->runtime.io();
  auto page = run_to_end(io, monitor::resolve_channel(&loaded->runtime.http(), loaded->config.youtube, input));
  if (!page) {
    std::fprintf(stderr, "ytmonitor resolve: %s\n", page.failure().message.c_str());
    return exit_failure;
  }
  std::printf("%s\t%s\n", page->channel_id.c_str(), page->title.c_str());
  return exit_ok;
}

}  // namespace

void add_resolve(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto* cmd = app.add_subcommand("resolve", "print the channel id and title of an @handle, channel URL or video URL");
  static std::string input;
  cmd->add_option("channel", input, "@handle, channel URL or video URL")->required();
  cmd->callback([&action, &global] { action = [&global] { return resolve(global, input); }; });
}

}  // namespace ytm::cli
