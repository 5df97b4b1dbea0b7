#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/duration.hpp"
#include "core/time.hpp"
#include "core/youtube.hpp"
#include "render/markdown.hpp"
#include "render/escape.hpp"

namespace ytm::render {
namespace {

// Obsidian reads tags as single words: spaces become '-', and '#' and ',' go.
std::string tag(const std::string& raw) {
  std::string out;
  for (char c : raw) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != '-') out += '-';
    } else if (c != '#' && c != ',') {
      out += c;
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string line(const char* key, const std::string& value) {
  return std::string(key) + ": " + yaml_string(value) + "\n";
}

// What the document cost: tokens, the price paid (batches at their discount) and at list price,
// as numbers a Dataview query or a base can add up.
std::string cost_lines(const pipeline::Usage& u) {
  char text[160];
  std::snprintf(text, sizeof text, "tokens_in: %lld\ntokens_out: %lld\ncost_usd: %.4f\nlist_cost_usd: %.4f\n",
                static_cast<long long>(u.input_tokens), static_cast<long long>(u.output_tokens), u.cost_usd,
                std::max(u.list_cost_usd, u.cost_usd));  // results stored before list prices had none
  return text;
}

}  // namespace

// The keys Obsidian Web Clipper writes for a YouTube page first (title, source, author as a link to
// the channel's note, published, created, description, image, tags), then ours. Dates are plain
// YYYY-MM-DD so Obsidian reads them as dates; a date we do not know is left out.
std::string front_matter(const pipeline::VideoResult& r, std::string_view language) {
  const auto& v = r.video;
  std::string out = "---\n";
  out += line("title", v.title);
  out += line("source", watch_url(v.id));
  out += "author:\n  - " + yaml_string(wikilink(v.channel.empty() ? v.channel_id : v.channel)) + "\n";
  if (v.published > 0) out += "published: " + format_date(v.published) + "\n";
  if (r.generated > 0) out += "created: " + format_date(r.generated) + "\n";
  out += line("description", r.summary.tldr);
  out += line("image", thumbnail_url(v.id));
  std::string tags;
  for (const auto& t : v.tags) {
    auto cleaned = tag(t);
    if (!cleaned.empty()) tags += "  - " + yaml_string(cleaned) + "\n";
  }
  out += tags.empty() ? "tags: []\n" : "tags:\n" + tags;
  out += line("channel_id", v.channel_id);
  out += line("video_id", v.id);
  out += line("duration", format_clock(std::chrono::seconds(v.duration)));
  out += line("language", std::string(language));
  out += line("model", r.model);
  out += line("generated", r.generated > 0 ? format_iso8601(r.generated) : "");
  out += cost_lines(r.usage);
  return out + "---\n";
}

}  // namespace ytm::render
