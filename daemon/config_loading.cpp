#include <cstdio>

#include "command.hpp"

namespace ytm::cli {

config::Loaded load_with_overrides(const GlobalOptions& global) {
  auto loaded = config::load(global.config_path);
  auto& c = loaded.config;
  if (!global.state_dir.empty()) {
    bool output_follows_state = c.output_dir == c.state_dir / "documents";
    c.state_dir = std::filesystem::absolute(global.state_dir);
    if (output_follows_state) c.output_dir = c.state_dir / "documents";
  }
  if (!global.output_dir.empty()) c.output_dir = std::filesystem::absolute(global.output_dir);
  if (!global.log_level.empty()) c.log_level = global.log_level;
  return loaded;
}

std::optional<config::Loaded> load_config(const GlobalOptions& global) {
  auto loaded = load_with_overrides(global);
  for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.to_string().c_str());
  if (!loaded.ok()) return std::nullopt;
  return loaded;
}

std::unique_ptr<Setup> set_up(const GlobalOptions& global) {
  auto loaded = load_config(global);
  if (!loaded) return nullptr;
  return std::make_unique<Setup>(std::move(*loaded));
}

}  // namespace ytm::cli
