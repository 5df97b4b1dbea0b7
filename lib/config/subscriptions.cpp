#include <algorithm>
#include <cctype>
#include <map>

#include "config/loader.hpp"
#include "config/yaml_reader.hpp"
#include "core/text.hpp"
#include "core/youtube.hpp"

namespace ytm::config {
namespace {

std::vector<std::string_view> channel_options() {
  return {"name", "language", "include", "exclude", "skip_shorts", "skip_live", "min_duration", "backfill"};
}

void read_options(YamlReader& r, const YAML::Node& n, Channel& c) {
  r.read(n, "name", c.name);
  r.read(n, "language", c.language);
  r.read_regex(n, "include", c.include);
  r.read_regex(n, "exclude", c.exclude);
  r.read(n, "skip_shorts", c.skip_shorts);
  r.read(n, "skip_live", c.skip_live);
  r.read(n, "min_duration", c.min_duration);
  r.read(n, "backfill", c.backfill, 0, 500);
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

Subscriptions load_subscriptions(const std::filesystem::path& file, std::vector<ConfigError>& errors) {
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
  r.check_keys(root, {"defaults", "channels"}, "the subscription list");
  Channel defaults;
  auto d = root["defaults"];
  if (r.expect_map(d, "defaults")) {
    r.check_keys(d, channel_options(), "defaults");
    read_options(r, d, defaults);
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
    } else if (item.IsMap()) {
      auto keys = channel_options();
      keys.insert(keys.end(), {"id", "handle", "url"});
      r.check_keys(item, keys, "a channel");
      read_identity(r, item, c);
      read_options(r, item, c);
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
