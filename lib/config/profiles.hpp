#pragma once
// Internal to lib/config: the profiles a subscription list may name and the channel keys they set.
// A channel's settings are its defaults block, then its profile, then its own keys, each key
// overriding the one before.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/yaml_reader.hpp"

namespace ytm::config {

struct ProfileSource {
  std::string name;
  YAML::Node node;
  std::filesystem::path file;
  int line = 0;
};

// What the subscription list is read with from config.yaml.
struct SubscriptionContext {
  std::vector<ProfileSource> profiles;  // config.yaml's profiles: section
  bool whisper_configured = false;      // transcript.whisper is set, so a channel may turn it on
};

// The keys beyond the filters that a profile, the defaults block or a channel may set.
std::vector<std::string_view> profile_keys();
void read_profile_keys(YamlReader& r, const YAML::Node& map, Channel& c, const SubscriptionContext& context);

// categories: and action: of a sponsorblock mapping, each set only when given and valid.
void read_sponsor_keys(YamlReader& r, const YAML::Node& n, std::optional<std::vector<std::string>>& categories,
                       std::optional<SponsorAction>& action);

// A `profiles:` mapping of name → keys; each profile's keys are checked here, once.
std::vector<ProfileSource> read_profiles(YamlReader& r, const YAML::Node& profiles, const SubscriptionContext& context);

Subscriptions load_subscriptions(const std::filesystem::path& file, std::vector<ConfigError>& errors,
                                 const SubscriptionContext& context);

}  // namespace ytm::config
