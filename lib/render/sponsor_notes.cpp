#include <cmath>

#include "core/duration.hpp"
#include "render/escape.hpp"
#include "render/markdown.hpp"
#include "render/markdown_parts.hpp"

namespace ytm::render {

namespace {

std::string time_range(const std::string& video_id, const pipeline::SponsorSegment& s) {
  return moment_link(video_id, static_cast<int>(std::lround(s.start))) + "–" +
         moment_link(video_id, static_cast<int>(std::lround(s.end)));
}

}  // namespace

std::string sponsor_note(const pipeline::VideoResult& r, const pipeline::SponsorSegment& s, const Labels& l) {
  const auto& tmpl = r.sponsorblock.action == config::SponsorAction::mark ? l.sponsor_marked : l.sponsor_skipped;
  return "> " + fill(tmpl, {{"time", time_range(r.video.id, s)}, {"category", inline_text(s.category)}}) + "\n\n";
}

std::string sponsor_footer(const pipeline::VideoResult& r, const Labels& l) {
  const auto& sb = r.sponsorblock;
  if (sb.state == pipeline::SponsorState::not_asked) return "";
  std::string line;
  if (sb.state != pipeline::SponsorState::used) {
    line = fill(l.sponsor_unavailable_line, {{"why", inline_text(sb.problem)}});
  } else if (sb.segments.empty()) {
    line = l.sponsor_none_line;
  } else {
    const auto& tmpl = sb.action == config::SponsorAction::mark ? l.sponsor_marked_line : l.sponsor_skipped_line;
    line = fill(tmpl, {{"segments", std::to_string(sb.segments.size())}, {"tokens", std::to_string(sb.tokens_saved)}});
  }
  std::string out = "*" + l.sponsorblock + ": " + line + "*\n\n";
  // The data is CC BY-NC-SA: credited wherever it shaped the document.
  if (sb.state == pipeline::SponsorState::used && !sb.segments.empty()) out += "*" + l.sponsor_credit + "*\n\n";
  return out;
}

}  // namespace ytm::render
