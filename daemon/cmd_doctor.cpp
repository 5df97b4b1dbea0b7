#include <boost/asio/io_context.hpp>

#include <cstdio>

#include "command.hpp"
#include "core/log.hpp"
#include "core/run_to_end.hpp"
#include "health/checks.hpp"
#include "service/runtime.hpp"

namespace ytm::cli {
namespace {

void print_line(const std::string& line) { std::printf("%s\n", line.c_str()); }

int doctor(const GlobalOptions& global, bool no_model_call) {
  setup_logging(global.log_level.empty() ? "warn" : global.log_level);
  auto loaded = load_with_overrides(global);
  for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.to_string().c_str());
  if (!loaded.ok()) {
    health::CheckResult bad{
        "configuration",
        health::Level::fail,
        true,
        health::Stage::none,
        std::to_string(loaded.errors.size()) + " error(s) in " + global.config_path + " (listed above)",
        "correct each FILE:LINE:COLUMN above, then run ytmonitor doctor again"};
    print_line(health::format_line(bad));
    return exit_failure;
  }
  const auto& c = loaded.config;
  print_line(health::format_line({"configuration", health::Level::ok, true, health::Stage::none,
                                  c.file.string() + " and " + c.subscriptions_file.string() + " (" +
                                      std::to_string(loaded.subscriptions.channels.size()) + " channels)",
                                  ""}));
  health::CheckOptions options;
  options.model_call = !no_model_call;
  options.status_port = true;
  service::Runtime runtime(c);
  auto& io = runtime.io();
  const auto checks = run_to_end(io, health::run_checks(io.get_executor(), c, options));
  int failed = 0;
  for (const auto& check : checks) {
    print_line(health::format_line(check));
    if (check.failed()) ++failed;
  }
  if (failed == 0) {
    print_line("Every required check passes" + std::string(no_model_call ? " (the model call was skipped)." : "."));
    return exit_ok;
  }
  print_line(std::to_string(failed) +
             " required check(s) failed: ytmonitor cannot process videos until they are fixed.");
  return exit_failure;
}

}  // namespace

void add_doctor(CLI::App& app, const GlobalOptions& global, Action& action) {
  static bool no_model_call = false;
  auto* cmd =
      app.add_subcommand("doctor", "check everything a video needs (tools, folders, model) and say how to fix it");
  cmd->add_flag("--no-model-call", no_model_call, "skip the one-token call that proves the model's credentials");
  cmd->callback([&action, &global] { action = [&global] { return doctor(global, no_model_call); }; });
}

}  // namespace ytm::cli
