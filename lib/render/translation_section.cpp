#include <algorithm>
#include <chrono>
#include <limits>

#include "core/duration.hpp"
#include "render/markdown.hpp"
#include "render/markdown_parts.hpp"
#include "render/escape.hpp"

namespace ytm::render {
namespace {

using pipeline::Chapter;
using pipeline::Paragraph;

std::string chapter_heading(const std::string& video_id, const Chapter& c) {
  std::string out = "### (" + moment_link(video_id, c.start) + " - " + moment_link(video_id, c.end) + ") " +
                    inline_text(c.title) + "\n";
  if (!c.summary.empty()) out += "> " + inline_text(c.summary) + "\n";
  return out + "\n";
}

std::string reason_text(pipeline::Untranslated reason, const Labels& l) {
  switch (reason) {
    case pipeline::Untranslated::refused: return l.refused;
    case pipeline::Untranslated::cut_off: return l.cut_off;
    case pipeline::Untranslated::wrong_language: return l.wrong_language;
    case pipeline::Untranslated::none:
    case pipeline::Untranslated::incomplete: break;
  }
  return l.incomplete;
}

struct ParagraphStyle {
  const std::string& video_id;
  const Labels& labels;
  bool times;
};

// previous: the paragraph before in the same chapter, or nullptr.
std::string paragraph(const Paragraph& p, const Paragraph* previous, const ParagraphStyle& style) {
  auto text = block_text(p.text);
  if (text.empty()) return "";
  const Labels& l = style.labels;
  if (!p.speaker.empty()) text = "**" + speaker_text(p.speaker, l) + "**" + l.colon + text;
  if (style.times) text = moment_link(style.video_id, p.start) + " " + text;
  std::string note;
  if (!p.translated() && (previous == nullptr || previous->untranslated != p.untranslated)) {
    note = "> " + fill(l.not_translated, {{"why", reason_text(p.untranslated, l)}}) + "\n\n";
  }
  return note + text + "\n\n";
}

// Index of the chapter a moment belongs to: the last one starting at or before it. Paragraphs
// before the first chapter go to the first, those after the last chapter's end to the last.
std::size_t chapter_of(const std::vector<Chapter>& chapters, int at) {
  auto it = std::upper_bound(chapters.begin(), chapters.end(), at, [](int t, const Chapter& c) { return t < c.start; });
  return it == chapters.begin() ? 0 : static_cast<std::size_t>(it - chapters.begin() - 1);
}

}  // namespace

std::string translation_section(const pipeline::VideoResult& r, const Labels& l, bool paragraph_times) {
  auto chapters = r.summary.chapters;
  std::stable_sort(chapters.begin(), chapters.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  auto paragraphs = r.translation;
  std::stable_sort(paragraphs.begin(), paragraphs.end(),
                   [](const auto& a, const auto& b) { return a.start < b.start; });

  const ParagraphStyle style{r.video.id, l, paragraph_times};
  std::string out = "## " + l.translation + "\n\n";
  if (chapters.empty()) chapters.push_back({});  // one body, no heading
  std::vector<std::string> bodies(chapters.size());
  std::vector<const Paragraph*> last(chapters.size(), nullptr);
  // Each SponsorBlock segment's note goes before the first paragraph at or after its start.
  const auto& sponsored = r.sponsorblock.segments;
  std::size_t noted = 0;
  auto note_until = [&](double until) {
    for (; noted < sponsored.size() && sponsored[noted].start <= until; ++noted) {
      const auto& s = sponsored[noted];
      bodies[chapter_of(chapters, static_cast<int>(s.start))] += sponsor_note(r, s, l);
    }
  };
  for (const auto& p : paragraphs) {
    note_until(p.start);
    const std::size_t c = chapter_of(chapters, p.start);
    bodies[c] += paragraph(p, last[c], style);
    last[c] = &p;
  }
  note_until(std::numeric_limits<double>::infinity());
  if (r.summary.chapters.empty()) return out + bodies[0];
  for (std::size_t i = 0; i < chapters.size(); ++i) out += chapter_heading(r.video.id, chapters[i]) + bodies[i];
  return out;
}

}  // namespace ytm::render
