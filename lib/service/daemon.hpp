#pragma once
#include <functional>

#include "config/loader.hpp"

namespace ytm::service {

// Runs the daemon until SIGTERM or SIGINT: polls channels, processes videos, serves the status
// page, reloads on SIGHUP or when a configuration file changes. `reload` reads the configuration
// again (with the command line's overrides). Returns the process exit code.
int run_daemon(config::Loaded initial, std::function<config::Loaded()> reload);

}  // namespace ytm::service
