#include <cstdio>

#include "command.hpp"
#include "store/store.hpp"

namespace ytm::cli {

config::Loaded load_with_overrides(const GlobalOptions& global) {
  auto loaded = config::load(global.config_path);
  auto& c = loaded.config;
  if (!global.state_dir.empty()) {
    bool output_follows_state = c.output_dir == c.state_dir / "documents";
    c.state_dir = std::filesystem::absolute(global.state_dir);
    if (output_follows_state) c.output_dir = c.state_dir / "documents";
    c.transcript.cookie_jar = config::cookie_jar_in(c.state_dir);
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

std::unique_ptr<Setup> set_up_reading(const GlobalOptions& global, std::string_view command) {
  auto loaded = load_config(global);
  if (!loaded) return nullptr;
  const auto& c = loaded->config;
  const auto database = store::Store::default_file(c.state_dir);
  if (!std::filesystem::exists(database)) {
    const std::string from = global.state_dir.empty() ? "state_dir in " + c.file.string() : "--state-dir";
    std::fprintf(stderr,
                 "ytmonitor %.*s: no database in %s (%s): the daemon has not run with this state_dir; give the "
                 "daemon's with --state-dir, or --config with its configuration file\n",
                 static_cast<int>(command.size()), command.data(), c.state_dir.c_str(), from.c_str());
    return nullptr;
  }
  return std::make_unique<Setup>(std::move(*loaded));
}

}  // namespace ytm::cli
