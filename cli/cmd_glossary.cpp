#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "config/channel_settings.hpp"
#include "core/text.hpp"
#include "jobs/subscription.hpp"
#include "render/escape.hpp"
#include "store/store.hpp"

namespace ytm::cli {
namespace {

struct GlossaryOptions {
  std::string channel;
  int min_videos = 2;
  bool json = false;
};

// The channel the user named, and its own glossary when it is subscribed.
struct NamedChannel {
  std::string id;
  std::string title;
  std::vector<std::pair<std::string, std::string>> glossary;
};

bool names(const config::Channel& c, const std::string& typed) {
  const std::string lower = ascii_lower(typed);
  const std::string handle = typed.starts_with('@') ? lower : "@" + lower;
  return c.id == typed || (!c.handle.empty() && ascii_lower(c.handle) == handle) || (!c.url.empty() && c.url == typed) ||
         (!c.name.empty() && ascii_lower(c.name) == lower);
}

// A subscription by its id, @handle, URL or name; else a stored channel by its id or part of its
// title. Each with the glossary its subscription gives it.
std::vector<NamedChannel> find_channel(const Setup& setup, store::Store& store, const std::string& typed) {
  std::vector<std::pair<std::string, std::string>> ids;  // id, name to show when the store has no title
  for (const auto& c : setup.subscriptions.channels) {
    if (!names(c, typed)) continue;
    std::string id = c.id;
    if (id.empty()) {
      if (auto alias = store.alias(c.source())) id = alias->channel_id;
    }
    ids.emplace_back(id, !c.name.empty() ? c.name : c.source());
    break;
  }
  if (ids.empty()) {
    const std::string lower = ascii_lower(typed);
    for (const auto& c : store.channels()) {
      if (c.id == typed) {
        ids = {{c.id, c.id}};
        break;
      }
      if (ascii_lower(c.title).find(lower) != std::string::npos) ids.emplace_back(c.id, c.id);
    }
  }
  std::vector<NamedChannel> found;
  for (const auto& [id, shown] : ids) {
    std::optional<store::ChannelRecord> record;
    if (!id.empty()) record = store.channel(id);
    const auto glossary = config::resolve(setup.config, jobs::subscription_of(store, setup.subscriptions, id)).glossary;
    found.push_back({id, record && !record->title.empty() ? record->title : shown, glossary});
  }
  return found;
}

// The glossary's rendering of a term (its spelling in any case), or nullopt.
std::optional<std::string> in_glossary(const NamedChannel& channel, const std::string& term) {
  for (const auto& [known, rendering] : channel.glossary) {
    if (ascii_lower(known) == ascii_lower(term)) return rendering;
  }
  return std::nullopt;
}

std::string videos_text(int n) { return std::to_string(n) + (n == 1 ? " video" : " videos"); }

nlohmann::json term_json(const store::ProposedTerm& t, const std::optional<std::string>& glossary) {
  auto renderings = nlohmann::json::array();
  for (const auto& r : t.renderings) renderings.push_back({{"rendering", r.rendering}, {"videos", r.videos}});
  return {{"term", t.term},
          {"renderings", renderings},
          {"videos", t.videos},
          {"last_seen", format_iso8601(t.last_seen)},
          {"in_glossary", glossary.has_value()},
          {"glossary_rendering", glossary ? nlohmann::json(*glossary) : nlohmann::json(nullptr)}};
}

void print_terms(const NamedChannel& channel, const std::vector<store::ProposedTerm>& terms, int min_videos) {
  std::printf("Names and terms the model rendered for %s (%s), the most videos first:\n", channel.title.c_str(),
              channel.id.c_str());
  std::string paste;
  for (const auto& t : terms) {
    std::string line = "  " + t.term + " → ";
    for (std::size_t i = 0; i < t.renderings.size(); ++i) {
      line += (i == 0 ? "" : ", ") + t.renderings[i].rendering + " (" + videos_text(t.renderings[i].videos) + ")";
    }
    const auto glossary = in_glossary(channel, t.term);
    if (glossary) line += "; in the glossary as " + *glossary;
    std::printf("%s\n", line.c_str());
    if (!glossary && t.videos >= min_videos) {
      paste += render::yaml_string(t.term) + ": " + render::yaml_string(t.renderings.front().rendering) + "\n";
    }
  }
  if (paste.empty()) {
    std::printf("\nNo term of %s or more outside the channel's glossary to adopt.\n", videos_text(min_videos).c_str());
    return;
  }
  std::printf("\nTo adopt them, add these lines to the channel's glossary_file (terms in %s or more, not in its "
              "glossary yet; the rendering most videos chose):\n%s",
              videos_text(min_videos).c_str(), paste.c_str());
}

int show_glossary(const GlobalOptions& global, const GlossaryOptions& options) {
  auto loaded = set_up_reading(global, "glossary");
  if (!loaded) return exit_failure;
  auto& store = loaded->runtime.store();
  const auto found = find_channel(*loaded, store, options.channel);
  if (found.size() > 1) {
    std::string which;
    for (const auto& c : found) which += (which.empty() ? "" : ", ") + c.title + " (" + c.id + ")";
    std::fprintf(stderr, "ytmonitor glossary: '%s' names more than one channel: %s\n", options.channel.c_str(),
                 which.c_str());
    return exit_unavailable;
  }
  if (found.empty() || found.front().id.empty()) {
    std::fprintf(stderr, "ytmonitor glossary: no channel '%s' among the subscriptions in %s or the channels in %s\n",
                 options.channel.c_str(), loaded->subscriptions.file.c_str(), store.file().c_str());
    return exit_failure;
  }
  const NamedChannel& channel = found.front();
  const auto terms = store.proposed_terms(channel.id);
  if (options.json) {
    auto out = nlohmann::json::array();
    for (const auto& t : terms) out.push_back(term_json(t, in_glossary(channel, t.term)));
    std::puts(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return exit_ok;
  }
  if (terms.empty()) {
    std::fprintf(stderr, "no proposed terms for %s (%s) in %s yet: they come with translated videos of more than one chunk\n",
                 channel.title.c_str(), channel.id.c_str(), store.file().c_str());
    return exit_ok;
  }
  print_terms(channel, terms, options.min_videos);
  return exit_ok;
}

}  // namespace

void add_glossary(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto* cmd = app.add_subcommand(
      "glossary", "show how the model rendered a channel's recurring names and terms, ready to adopt into its glossary");
  static GlossaryOptions options;
  cmd->add_option("channel", options.channel, "the channel: its id, @handle or name, or part of its title")->required();
  cmd->add_option("--min-videos", options.min_videos, "offer to adopt the terms of at least this many videos")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_flag("--json", options.json, "print one JSON array");
  cmd->callback([&action, &global] { action = [&global] { return show_glossary(global, options); }; });
}

}  // namespace ytm::cli
