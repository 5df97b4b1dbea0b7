#include <unistd.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "core/duration.hpp"
#include "render/markdown.hpp"
#include "render/snippet.hpp"
#include "store/store.hpp"

namespace ytm::cli {
namespace {

struct SearchOptions {
  std::string words;
  std::string channel;
  std::string since;
  int limit = 20;
  bool json = false;
};

// "2026-01-01", or a time back from now: "30d", "12h".
std::optional<UnixTime> since_time(const std::string& text) {
  if (auto date = parse_iso8601(text)) return date;
  if (auto back = parse_duration(text)) {
    return now_unix() - std::chrono::duration_cast<std::chrono::seconds>(*back).count();
  }
  return std::nullopt;
}

nlohmann::json hit_json(const store::SearchHit& h, const render::Snippet& s) {
  nlohmann::json marks = nlohmann::json::array();
  for (const auto& [offset, length] : s.marks) marks.push_back({offset, length});
  return {{"video_id", h.video_id},
          {"title", h.title},
          {"channel", h.channel},
          {"published", h.published_at ? nlohmann::json(format_iso8601(*h.published_at)) : nlohmann::json(nullptr)},
          {"kind", h.kind},
          {"start", h.start},
          {"moment", format_clock(std::chrono::seconds(h.start))},
          {"url", render::moment_url(h.video_id, h.start)},
          {"snippet", s.text},
          {"marks", marks},
          {"score", h.score}};
}

// The video's other matching moments, in the order ranked.
nlohmann::json more_json(const std::vector<store::SearchHit>& more) {
  auto out = nlohmann::json::array();
  for (const auto& h : more) {
    out.push_back({{"kind", h.kind},
                   {"start", h.start},
                   {"moment", format_clock(std::chrono::seconds(h.start))},
                   {"url", render::moment_url(h.video_id, h.start)}});
  }
  return out;
}

// In a terminal a moment is a hyperlink (OSC 8); in a pipe, its clock.
std::string moment_text(const store::SearchHit& h, bool terminal) {
  auto clock = format_clock(std::chrono::seconds(h.start));
  if (!terminal) return clock;
  return "\x1b]8;;" + render::moment_url(h.video_id, h.start) + "\x1b\\" + clock + "\x1b]8;;\x1b\\";
}

void print_video(const store::VideoMatches& v, const render::Snippet& s, bool terminal) {
  constexpr std::size_t moments_shown = 8;
  const auto& h = v.best;
  auto date = h.published_at ? format_date(*h.published_at) : std::string("?");
  auto url = render::moment_url(h.video_id, h.start);
  // Matches are bold in a terminal; in a pipe, Markdown.
  auto snippet = terminal ? render::marked_snippet(s, "\x1b[1m", "\x1b[0m") : render::marked_snippet(s, "**", "**");
  std::printf("%s · %s · %s\n  %s %s (%s)\n  %s\n", date.c_str(), h.channel.c_str(), h.title.c_str(),
              moment_text(h, terminal).c_str(), url.c_str(), h.kind.c_str(), snippet.c_str());
  if (!v.more.empty()) {
    std::string moments;
    for (std::size_t i = 0; i < v.more.size() && i < moments_shown; ++i) {
      moments += (i == 0 ? "" : ", ") + moment_text(v.more[i], terminal);
    }
    if (v.more.size() > moments_shown) moments += ", …";
    std::printf("  %zu more in this video: %s\n", v.more.size(), moments.c_str());
  }
  std::printf("\n");
}

int search(const GlobalOptions& global, const SearchOptions& options) {
  store::SearchQuery query{options.words, options.channel, std::nullopt, store::passages_for_videos(options.limit)};
  if (!options.since.empty()) {
    query.since = since_time(options.since);
    if (!query.since) {
      std::fprintf(stderr, "ytmonitor search: --since takes a date (2026-01-31) or a time back (30d, 12h), not '%s'\n",
                   options.since.c_str());
      return exit_unavailable;
    }
  }
  auto terms = store::search_terms(options.words);
  if (terms.empty()) {
    std::fprintf(stderr, "ytmonitor search: give the words to look for\n");
    return exit_unavailable;
  }
  auto loaded = set_up_reading(global, "search");
  if (!loaded) return exit_failure;
  auto& store = loaded->runtime.store();
  const auto videos = store::group_by_video(store.search(query), options.limit);
  if (options.json) {
    auto out = nlohmann::json::array();
    for (const auto& v : videos) {
      auto hit = hit_json(v.best, render::make_snippet(v.best.text, terms));
      hit["passages"] = 1 + v.more.size();
      hit["more"] = more_json(v.more);
      out.push_back(std::move(hit));
    }
    std::puts(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return exit_ok;
  }
  bool terminal = ::isatty(STDOUT_FILENO) != 0;
  for (const auto& v : videos) print_video(v, render::make_snippet(v.best.text, terms), terminal);
  if (videos.empty()) std::fprintf(stderr, "no matches\n");
  return exit_ok;
}

}  // namespace

void add_search(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto* cmd = app.add_subcommand("search", "search every stored transcript, translation and summary");
  static SearchOptions options;
  cmd->add_option("words", options.words, "words that must all occur (\"a phrase\" in quotes)")->required();
  cmd->add_option("--channel", options.channel, "only this channel (its id, or part of its name)");
  cmd->add_option("--since", options.since, "only videos published since a date (2026-01-31) or a time back (30d)");
  cmd->add_option("--limit", options.limit, "at most this many videos (each with its best passage first)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_flag("--json", options.json, "print one JSON array");
  cmd->callback([&action, &global] { action = [&global] { return search(global, options); }; });
}

}  // namespace ytm::cli
