#include <cstdio>
#include <exception>

#include "command.hpp"
#include "core/log.hpp"
#include "core/text.hpp"

namespace ytm::cli {

namespace {

constexpr const char* global_options_help =
    "Global options, before or after the command:\n"
    "  -c,--config FILE      configuration file (default /etc/ytmonitor/config.yaml)\n"
    "  --state-dir DIR       use this state folder instead of the config's state_dir\n"
    "  --output-dir DIR      write documents here instead of the config's output_dir\n"
    "  --log-level LEVEL     trace, debug, info, warn, error\n";

// The first word that is not an option or a global option's value: the command the user typed.
std::string_view typed_command(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word == "-c" || word == "--config" || word == "--state-dir" || word == "--output-dir" ||
        word == "--log-level") {
      ++i;
    } else if (!word.starts_with('-')) {
      return word;
    }
  }
  return {};
}

// "ytmonitor statsu" is a typo of a command, not a missing one: say which was meant.
bool unknown_command(const CLI::App& app, std::string_view typed) {
  if (typed.empty()) return false;
  std::vector<std::string_view> names;
  for (const auto* sub : app.get_subcommands({})) {
    if (sub->get_name() == typed) return false;
    names.emplace_back(sub->get_name());
  }
  auto meant = closest_word(typed, names);
  std::fprintf(stderr, "ytmonitor: '%.*s' is not a command.%s (ytmonitor --help lists them)\n",
               static_cast<int>(typed.size()), typed.data(),
               meant.empty() ? "" : (" Did you mean '" + std::string(meant) + "'?").c_str());
  return true;
}

int run_cli(int argc, char** argv) {
  // Until a command sets its own level: warnings to stderr, never a line on stdout, which holds
  // what --json and search print for scripts.
  setup_logging("warn");
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
  add_glossary(app, global, action);
  for (auto* sub : app.get_subcommands({})) sub->footer(global_options_help);
  if (unknown_command(app, typed_command(argc, argv))) return exit_unavailable;

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
