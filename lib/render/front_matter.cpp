#include <chrono>

#include "core/duration.hpp"
#include "core/time.hpp"
#include "render/markdown.hpp"
#include "render/text.hpp"

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

}  // namespace

std::string front_matter(const pipeline::VideoResult& r, std::string_view language) {
  const auto& v = r.video;
  std::string out = "---\n";
  out += line("title", v.title);
  out += line("channel", v.channel);
  out += line("channel_id", v.channel_id);
  out += line("video_id", v.id);
  out += line("url", watch_url(v.id));
  out += line("published", v.published > 0 ? format_iso8601(v.published) : "");
  out += line("duration", format_clock(std::chrono::seconds(v.duration)));
  out += line("language", std::string(language));
  out += line("model", r.model);
  out += line("generated", r.generated > 0 ? format_iso8601(r.generated) : "");
  std::string tags;
  for (const auto& t : v.tags) {
    auto cleaned = tag(t);
    if (!cleaned.empty()) tags += "  - " + yaml_string(cleaned) + "\n";
  }
  out += tags.empty() ? "tags: []\n" : "tags:\n" + tags;
  return out + "---\n";
}

}  // namespace ytm::render
