#include "render/markdown.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/duration.hpp"
#include "core/time.hpp"
#include "render/labels.hpp"
#include "render/markdown_parts.hpp"
#include "render/escape.hpp"

namespace ytm::render {
namespace {

using pipeline::VideoResult;

constexpr const char* rule = "---\n\n";

std::string field(const Labels& l, const std::string& name, const std::string& value) {
  return "- **" + name + "**" + l.colon + value + "\n";
}

std::string info_section(const VideoResult& r, const Labels& l) {
  const auto& v = r.video;
  auto url = watch_url(v.id);
  std::string out = "## " + l.video_info + "\n\n";
  out += "- **" + l.channel + "**: " + inline_text(v.channel) + "\n";
  out += "- **" + l.published + "**: " + (v.published > 0 ? format_date(v.published) : std::string("?")) + "\n";
  out += "- **" + l.duration + "**: " + format_clock(std::chrono::seconds(v.duration)) + "\n";
  out += "- **" + l.link + "**: [" + url + "](" + url + ")\n\n";
  return out;
}

std::string chapters_section(const VideoResult& r, const Labels& l) {
  std::string out = "## " + l.chapters + "\n\n";
  out += "| " + l.col_time + " | " + l.col_chapter + " | " + l.col_summary + " |\n";
  out += "|--------|----------|-----------|\n";
  for (const auto& c : r.summary.chapters) {
    out += "| " + moment_link(r.video.id, c.start) + "-" + moment_link(r.video.id, c.end) + " | " + cell_text(c.title) +
           " | " + cell_text(c.summary) + " |\n";
  }
  return out + "\n";
}

std::string arguments_section(const VideoResult& r, const Labels& l) {
  std::string out = "## " + l.arguments + "\n\n";
  int n = 0;
  for (const auto& a : r.summary.arguments) {
    out += "### " + std::to_string(++n) + ". " + inline_text(a.title) + "\n\n";
    std::string concepts;
    for (const auto& k : a.key_concepts) concepts += (concepts.empty() ? "" : l.separator) + inline_text(k);
    out += field(l, l.content, inline_text(a.content));
    out += field(l, l.concepts, concepts);
    out += field(l, l.meaning, inline_text(a.practical_meaning)) + "\n";
  }
  return out;
}

// A person's or company's name: an Obsidian [[link]] to its note with output.wikilinks.
std::string name_text(const std::string& name, bool link) { return link ? wikilink(name) : inline_text(name); }

std::string companies_section(const VideoResult& r, const Labels& l, bool links) {
  auto companies = r.summary.companies;
  std::stable_sort(companies.begin(), companies.end(),
                   [](const auto& a, const auto& b) { return a.importance > b.importance; });
  std::string out = "## " + l.companies + "\n\n";
  out += "| " + l.col_company + " | " + l.col_context + " | " + l.col_importance + " |\n";
  out += "|--------|----------|--------|\n";
  bool flagged = false;
  for (const auto& c : companies) {
    std::string stars;
    for (int i = 0; i < std::clamp(c.importance, 1, 3); ++i) stars += "⭐";
    out += "| " + name_text(c.name, links) + (c.grounded ? "" : " †") + " | " + cell_text(c.context) + " | " + stars +
           " |\n";
    flagged = flagged || !c.grounded;
  }
  if (flagged) out += "\n" + l.not_in_transcript + "\n";
  return out + "\n";
}

std::string quotes_section(const VideoResult& r, const Labels& l) {
  std::string out = "## " + l.quotes + "\n\n";
  for (const auto& q : r.summary.quotes) {
    out += "> \"" + inline_text(q.text) + "\"\n";
    if (!q.translation.empty()) out += ">\n> " + inline_text(q.translation) + "\n";
    // A paragraph of its own: in strict CommonMark a "—" line right after the quote runs into it.
    const auto speaker = inline_text(q.speaker);
    out += ">\n> — " + (speaker.empty() ? "" : speaker + " · ") + moment_link(r.video.id, q.timestamp) + "\n\n";
  }
  return out;
}

std::string people_section(const VideoResult& r, const Labels& l, bool links) {
  std::string out = "## " + l.people + "\n\n";
  bool flagged = false;
  for (const auto& p : r.summary.people) {
    out += "### " + name_text(p.name, links) + (p.grounded ? "" : " †") + "\n\n";
    out += field(l, l.identity, inline_text(p.identity));
    out += field(l, l.background, inline_text(p.background));
    out += field(l, l.views, inline_text(p.views)) + "\n";
    flagged = flagged || !p.grounded;
  }
  if (flagged) out += l.not_in_transcript + "\n\n";
  return out;
}

std::string clock_utc(UnixTime t) { return format_utc(t, "%Y-%m-%d %H:%M:%S UTC"); }

std::string footer(const VideoResult& r, const Labels& l) {
  const auto& g = r.grounding;
  const auto& u = r.usage;
  char cost[32];
  std::snprintf(cost, sizeof cost, "%.2f", u.cost_usd);
  auto checks = fill(l.checks_line, {{"kept", std::to_string(g.quotes_kept)},
                                     {"dropped", std::to_string(g.quotes_dropped)},
                                     {"chapters", std::to_string(g.chapters_fixed)},
                                     {"names", std::to_string(g.names_flagged)}});
  auto usage = fill(l.usage_line, {{"in", std::to_string(u.input_tokens)},
                                   {"out", std::to_string(u.output_tokens)},
                                   {"calls", std::to_string(u.calls)},
                                   {"cost", cost}});
  if (u.batched_calls > 0) {
    char list[32];
    std::snprintf(list, sizeof list, "%.2f", u.list_cost_usd);
    usage += fill(l.batch_line, {{"list", list}, {"batched", std::to_string(u.batched_calls)}});
  }
  std::string out = rule;
  out += "*" + l.generated + ": " + clock_utc(r.generated) + "*\n\n";
  out += "*" + l.model + ": " + inline_text(r.model.empty() ? "?" : r.model) + "*\n\n";
  out += "*" + l.checks + ": " + checks + "*\n\n";
  out += "*" + l.usage + ": " + usage + "*\n\n";
  if (r.coverage.untranslated_passages > 0) {
    const auto time = format_clock(std::chrono::seconds(r.coverage.untranslated_seconds));
    out += "*" + l.untranslated + ": " +
           fill(l.untranslated_line, {{"passages", std::to_string(r.coverage.untranslated_passages)}, {"time", time}}) +
           "*\n\n";
  }
  out += sponsor_footer(r, l);
  out += speakers_footer(r, l);
  if (!r.passes.empty()) out += "*" + l.cleaned + l.colon + cleaned_line(r.passes, l) + "*\n\n";
  out += "*" + l.made_by + "*\n";
  return out;
}

}  // namespace

std::string cleaned_line(const std::vector<pipeline::PassNote>& passes, const Labels& l) {
  std::string out;
  for (const auto& p : passes) {
    const auto said = l.passes.find(p.name);
    std::string one = said != l.passes.end() ? fill(said->second, {{"count", std::to_string(p.count)}})
                                             : p.name + " " + std::to_string(p.count);
    if (said == l.passes.end() && !p.why.empty()) one += " (" + p.why + ")";
    out += (out.empty() ? "" : (l.colon == "：" ? "；" : "; ")) + inline_text(one);
  }
  return out;
}

std::string moment_url(std::string_view video_id, int seconds) {
  return watch_url(video_id) + "&t=" + std::to_string(std::max(seconds, 0)) + "s";
}

std::string moment_link(std::string_view video_id, int seconds) {
  return "[" + format_clock(std::chrono::seconds(seconds)) + "](" + moment_url(video_id, seconds) + ")";
}

std::string render_markdown(const VideoResult& r, const RenderOptions& options) {
  const auto& l = labels_for(options.language.empty() ? r.output_language : options.language);
  const auto& s = r.summary;
  std::string out;
  if (options.front_matter) out += front_matter(r, r.output_language.empty() ? l.language : r.output_language) + "\n";
  out += "# " + inline_text(r.video.title.empty() ? r.video.id : r.video.title) + "\n\n";
  out += info_section(r, l);
  // A channel's profile may name the sections it wants; none named: all of them.
  auto wants = [&](std::string_view name) {
    return r.sections.empty() || std::find(r.sections.begin(), r.sections.end(), name) != r.sections.end();
  };
  if (!s.intro.empty() && wants("intro")) out += rule + quoted_block(s.intro) + "\n\n";
  if (!s.tldr.empty() && wants("tldr"))
    out += std::string(rule) + "## " + l.tldr + "\n\n" + block_text(s.tldr) + "\n\n";
  if (!s.chapters.empty() && wants("chapters")) out += rule + chapters_section(r, l);
  if (!s.arguments.empty() && wants("arguments")) out += rule + arguments_section(r, l);
  if (!s.companies.empty() && wants("companies")) out += rule + companies_section(r, l, options.wikilinks);
  if (!s.quotes.empty() && wants("quotes")) out += rule + quotes_section(r, l);
  if (!s.people.empty() && wants("people")) out += rule + people_section(r, l, options.wikilinks);
  if (!s.video_type.empty() && wants("video_type"))
    out += std::string(rule) + "## " + l.video_type + "\n\n**" + inline_text(s.video_type) + "**\n\n";
  if (wants("translation")) out += rule + translation_section(r, l, options.paragraph_times);
  out += footer(r, l);
  return out;
}

}  // namespace ytm::render
