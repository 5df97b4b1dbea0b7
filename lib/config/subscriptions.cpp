#include <algorithm>
#include <cctype>
#include <map>

#include "config/loader.hpp"
#include "config/profiles.hpp"
#include "config/yaml_reader.hpp"
#include "core/text.hpp"
#include "core/youtube.hpp"

namespace ytm::config {
namespace {

// What a profile may set: the filters, the output language and the profile keys.
std::vector<std::string_view> shared_options() {
  auto keys = profile_keys();
  keys.insert(keys.end(), {"language", "include", "exclude", "skip_shorts", "skip_live", "min_duration"});
  return keys;
}

std::vector<std::string_view> channel_options() {
  auto keys = shared_options();
  keys.insert(keys.end(), {"name", "backfill", "profile"});
  return keys;
}

void read_shared(YamlReader& r, const YAML::Node& n, Channel& c, const SubscriptionContext& context) {
  r.read(n, "language", c.language);
  r.read_regex(n, "include", c.include);
  r.read_regex(n, "exclude", c.exclude);
  r.read(n, "skip_shorts", c.skip_shorts);
  r.read(n, "skip_live", c.skip_live);
  r.read(n, "min_duration", c.min_duration);
  read_profile_keys(r, n, c, context);
}

void read_options(YamlReader& r, const YAML::Node& n, Channel& c, const SubscriptionContext& context) {
  read_shared(r, n, c, context);
  r.read(n, "name", c.name);
  r.read(n, "backfill", c.backfill, 0, 500);
  r.read(n, "profile", c.profile);
}

const ProfileSource* find_profile(const std::vector<ProfileSource>& profiles, const std::string& name) {
  for (const auto& p : profiles) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

// The channel's profile over what it has so far (the defaults). Its keys were checked where the
// profile was read, so their errors are not reported again for every channel that names it.
void apply_profile(YamlReader& r, const YAML::Node& named_at, Channel& c, const std::vector<ProfileSource>& profiles,
                   const SubscriptionContext& context) {
  if (c.profile.empty()) return;
  const auto* profile = find_profile(profiles, c.profile);
  if (profile == nullptr) {
    std::vector<std::string_view> names;
    for (const auto& p : profiles) names.push_back(p.name);
    auto best = closest_word(c.profile, names);
    r.error(named_at, "no profile named '" + c.profile + "'" +
                          (best.empty() ? std::string(names.empty() ? "; define it under 'profiles:'" : "")
                                        : " (did you mean '" + std::string(best) + "'?)"));
    return;
  }
  std::vector<ConfigError> reported_already;
  YamlReader quiet(profile->file, reported_already);
  read_shared(quiet, profile->node, c, context);
}

// A list item may be just "@handle", "UC…" or a URL instead of a mapping.
void read_shorthand(YamlReader& r, const YAML::Node& item, Channel& c) {
  const auto& text = item.Scalar();
  if (is_channel_id(text)) {
    c.id = text;
  } else if (!text.empty() && text[0] == '@') {
    c.handle = text;
  } else if (text.find("youtube.com") != std::string::npos || text.find("youtu.be") != std::string::npos) {
    c.url = text;
  } else {
    r.error(item, "'" + text + "' is not a channel id (UC…), an @handle or a YouTube URL");
  }
}

void read_identity(YamlReader& r, const YAML::Node& item, Channel& c) {
  r.read(item, "id", c.id);
  r.read(item, "handle", c.handle);
  r.read(item, "url", c.url);
  int given = !c.id.empty() + !c.handle.empty() + !c.url.empty();
  if (given != 1) {
    r.error(item, given == 0 ? "a channel needs one of 'id', 'handle' or 'url'"
                             : "give only one of 'id', 'handle' or 'url' for a channel");
  }
  if (!c.id.empty() && !is_channel_id(c.id)) {
    r.error(item["id"], "'id' must be a channel id: UC followed by 22 letters, digits, - or _");
  }
  if (!c.handle.empty() && c.handle[0] != '@') c.handle = "@" + c.handle;
  if (!c.url.empty() && c.url.rfind("http", 0) != 0 && c.url.find("youtube.com") == std::string::npos) {
    r.error(item["url"], "'url' must be a YouTube channel or video URL");
  }
}

std::string identity_key(const Channel& c) { return c.handle.empty() ? c.source() : ascii_lower(c.source()); }

}  // namespace

std::vector<ProfileSource> read_profiles(YamlReader& r, const YAML::Node& profiles,
                                         const SubscriptionContext& context) {
  std::vector<ProfileSource> out;
  if (!r.expect_map(profiles, "profiles")) return out;
  for (const auto& item : profiles) {
    if (!item.first.IsScalar()) continue;
    const auto& name = item.first.Scalar();
    if (const auto* earlier = find_profile(context.profiles, name)) {
      r.error(item.first, "profile '" + name + "' is already defined at " + earlier->file.string() + ":" +
                              std::to_string(earlier->line));
      continue;
    }
    if (!item.second.IsMap()) {
      r.error(item.second, "profile '" + name + "' must be a mapping of key: value");
      continue;
    }
    r.check_keys(item.second, shared_options(), "profile '" + name + "'");
    Channel checked;
    read_shared(r, item.second, checked, context);
    out.push_back({name, item.second, r.file(), item.first.Mark().line + 1});
  }
  return out;
}

Subscriptions load_subscriptions(const std::filesystem::path& file, std::vector<ConfigError>& errors) {
  return load_subscriptions(file, errors, SubscriptionContext{});
}

Subscriptions load_subscriptions(const std::filesystem::path& file, std::vector<ConfigError>& errors,
                                 const SubscriptionContext& context) {
  Subscriptions subs;
  subs.file = file;
  YamlReader r(file, errors);
  std::size_t errors_before = errors.size();
  YAML::Node root = r.parse();
  if (errors.size() != errors_before) return subs;
  if (root.IsNull()) return subs;
  if (!root.IsMap()) {
    r.error(root, "the subscription list must be a mapping with 'channels:' (and optionally 'defaults:')");
    return subs;
  }
  r.check_keys(root, {"profiles", "defaults", "channels"}, "the subscription list");
  auto profiles = context.profiles;
  auto own = read_profiles(r, root["profiles"], context);
  profiles.insert(profiles.end(), own.begin(), own.end());
  // Each channel: the defaults block, then its profile (its own or the one the defaults name),
  // then its own keys.
  Channel defaults;
  auto d = root["defaults"];
  if (r.expect_map(d, "defaults")) {
    r.check_keys(d, channel_options(), "defaults");
    read_options(r, d, defaults, context);
    if (!defaults.profile.empty() && find_profile(profiles, defaults.profile) == nullptr) {
      apply_profile(r, d["profile"], defaults, profiles, context);  // reports the unknown name once
      defaults.profile.clear();
    }
  }
  auto list = root["channels"];
  if (!list.IsDefined() || list.IsNull()) return subs;
  if (!list.IsSequence()) {
    r.error(list, "'channels' must be a list; start each channel with '- '");
    return subs;
  }
  std::map<std::string, int> seen;
  for (const auto& item : list) {
    Channel c = defaults;
    c.line = item.Mark().line + 1;
    if (item.IsScalar()) {
      read_shorthand(r, item, c);
      // The defaults' profile, known to exist by now: `d` may be a scalar, where d["profile"] throws.
      apply_profile(r, item, c, profiles, context);
    } else if (item.IsMap()) {
      auto keys = channel_options();
      keys.insert(keys.end(), {"id", "handle", "url"});
      r.check_keys(item, keys, "a channel");
      read_identity(r, item, c);
      r.read(item, "profile", c.profile);
      apply_profile(r, item["profile"], c, profiles, context);
      read_options(r, item, c, context);
    } else {
      r.error(item, "each channel must be an @handle, a channel id, a URL, or a mapping with one of them");
      continue;
    }
    if (c.source().empty()) continue;
    auto [it, inserted] = seen.emplace(identity_key(c), c.line);
    if (!inserted) {
      r.error(item, "duplicate channel " + c.source() + ": already listed at line " + std::to_string(it->second));
      continue;
    }
    subs.channels.push_back(std::move(c));
  }
  return subs;
}

}  // namespace ytm::config
