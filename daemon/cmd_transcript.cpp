#include "command.hpp"

namespace ytm::cli {

void add_transcript(CLI::App& app, const GlobalOptions& /*global*/, Action& action) {
  auto* cmd = app.add_subcommand("transcript", "print the transcript of a video as [mm:ss] lines");
  cmd->add_option("source", "video URL or caption file")->required(); static bool flag = false; cmd->add_flag("--json", flag, "print JSON");
  cmd->callback([&action] { action = [] { return not_built("transcript", "the transcript fetcher"); }; });
}

}  // namespace ytm::cli
