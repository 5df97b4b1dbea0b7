#include <cstdio>
#include <exception>

#include "command.hpp"

namespace ytm::cli {

namespace {

int run_cli(int argc, char** argv) {
  CLI::App app{"ytmonitor: watches YouTube channels and writes a translated summary of each new video"};
  app.set_version_flag("--version", "ytmonitor " YTM_VERSION);
  app.require_subcommand(1);
  // Inherited by every subcommand: options it does not know go to the app, so the global ones can
  // follow the subcommand as well (`ytmonitor status --config F`, as systemctl and git users type).
  app.fallthrough();
  GlobalOptions global;
  app.add_option("-c,--config", global.config_path, "configuration file")->capture_default_str();
  app.add_option("--state-dir", global.state_dir, "use this state folder instead of the config's state_dir");
  app.add_option("--output-dir", global.output_dir, "write documents here instead of the config's output_dir");
  app.add_option("--log-level", global.log_level, "trace, debug, info, warn, error");

  Action action;
  add_run(app, global, action);
  add_check_config(app, global, action);
  add_status(app, global, action);
  add_poll_once(app, global, action);
  add_process(app, global, action);
  add_retry(app, global, action);
  add_resolve(app, global, action);
  add_transcript(app, global, action);
  add_render(app, global, action);
  add_doctor(app, global, action);
  add_search(app, global, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? exit_ok : exit_unavailable;
  }
  return action ? action() : exit_unavailable;
}

}  // namespace
}  // namespace ytm::cli

int main(int argc, char** argv) {
  try {
    return ytm::cli::run_cli(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ytmonitor: %s\n", e.what());
    return ytm::cli::exit_failure;
  }
}
