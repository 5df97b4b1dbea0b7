#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace ytm::config {

// One problem in a configuration file, printed as FILE:LINE:COLUMN: message (1-based).
struct ConfigError {
  std::filesystem::path file;
  int line = 0;
  int column = 0;
  std::string message;
  [[nodiscard]] std::string to_string() const;
};

struct Loaded {
  Config config;
  Subscriptions subscriptions;
  std::vector<ConfigError> errors;  // empty when both files are valid
  [[nodiscard]] bool ok() const { return errors.empty(); }
};

// Reads config.yaml and the subscription list it names. Never throws for bad content: every
// problem found is in errors (all of them, not just the first), and the rest is still read.
Loaded load(const std::filesystem::path& config_file);

// Only the subscription list (hot reload of that file alone).
Subscriptions load_subscriptions(const std::filesystem::path& file, std::vector<ConfigError>& errors);

}  // namespace ytm::config
