#pragma once
// Each subcommand lives in its own cmd_*.cpp and registers itself on the CLI11 app.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace ytm::cli {

struct GlobalOptions {
  std::string config_path = "/etc/ytmonitor/config.yaml";
  std::string state_dir;   // overrides the config's state_dir when set
  std::string output_dir;  // overrides the config's output_dir when set
  std::string log_level;   // overrides the config's log_level when set
};

// Set by the chosen subcommand's callback; main runs it after parsing.
using Action = std::function<int()>;

// Exit codes shared by all subcommands.
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_unavailable = 2;  // bad usage: restarting cannot fix it

void add_run(CLI::App& app, const GlobalOptions& global, Action& action);
void add_check_config(CLI::App& app, const GlobalOptions& global, Action& action);
void add_status(CLI::App& app, const GlobalOptions& global, Action& action);
void add_poll_once(CLI::App& app, const GlobalOptions& global, Action& action);
void add_process(CLI::App& app, const GlobalOptions& global, Action& action);
void add_retry(CLI::App& app, const GlobalOptions& global, Action& action);
void add_resolve(CLI::App& app, const GlobalOptions& global, Action& action);
void add_transcript(CLI::App& app, const GlobalOptions& global, Action& action);
void add_render(CLI::App& app, const GlobalOptions& global, Action& action);
void add_doctor(CLI::App& app, const GlobalOptions& global, Action& action);
void add_search(CLI::App& app, const GlobalOptions& global, Action& action);
void add_glossary(CLI::App& app, const GlobalOptions& global, Action& action);

}  // namespace ytm::cli

#include <memory>
#include <optional>

#include "config/loader.hpp"
#include "service/runtime.hpp"

namespace ytm::cli {

// Loads the configuration named by --config and applies the global overrides. On errors prints
// each as FILE:LINE:COLUMN: message to stderr and returns nullopt.
std::optional<config::Loaded> load_config(const GlobalOptions& global);
// The same without printing: errors stay in the result (the daemon logs them on reload).
config::Loaded load_with_overrides(const GlobalOptions& global);

// A subcommand's configuration with what it builds from it (the store, the event loop, ...).
struct Setup : config::Loaded {
  explicit Setup(config::Loaded loaded) : config::Loaded(std::move(loaded)), runtime(config) {}
  service::Runtime runtime;
};
// load_config, and the Runtime on what it loaded; null when the configuration has errors.
std::unique_ptr<Setup> set_up(const GlobalOptions& global);
// The same for a command that only reads what the daemon stored (status, search, render, retry):
// null, after saying which state_dir it looked in, when there is no database there. Creating an
// empty one would show an empty queue while the daemon runs elsewhere.
std::unique_ptr<Setup> set_up_reading(const GlobalOptions& global, std::string_view command);

}  // namespace ytm::cli
