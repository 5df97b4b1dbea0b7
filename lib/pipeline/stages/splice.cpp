#include "pipeline/stages/splice.hpp"

#include <algorithm>

#include "pipeline/stages/accept.hpp"
#include "pipeline/stages/align.hpp"
#include "pipeline/measure.hpp"

namespace ytm::pipeline {

void splice(std::vector<Paragraph>& into, const std::vector<Paragraph>& answer, const std::vector<Gap>& gaps) {
  // A paragraph belongs to the gap its stamp points into (see anchor: one second of slack).
  const auto gap_of = [&](const Paragraph& p) {
    return std::find_if(gaps.begin(), gaps.end(),
                        [&](const Gap& g) { return p.start + 1 >= g.start && p.start + 1 < g.end; });
  };
  std::vector<Paragraph> kept;
  for (const Paragraph& p : into) {
    if (gap_of(p) == gaps.end()) kept.push_back(p);
  }
  for (const Paragraph& p : answer) {
    const auto g = gap_of(p);
    if (g == gaps.end()) continue;
    kept.push_back(p);
    kept.back().start = std::max(p.start, static_cast<int>(g->start));
  }
  std::stable_sort(kept.begin(), kept.end(), [](const Paragraph& a, const Paragraph& b) { return a.start < b.start; });
  into = std::move(kept);
}

std::vector<Gap> gaps_after(const std::vector<Gap>& gaps, const Gap& asked, const std::vector<Gap>& left) {
  std::vector<Gap> all = left;
  for (const Gap& g : gaps) {
    if (g.last <= asked.first || g.first >= asked.last) {
      all.push_back(g);
    } else if (g.last > asked.last) {  // the part of the gap after what was asked
      all.push_back(Gap{asked.last, g.last, asked.end, g.end});
    }
  }
  std::sort(all.begin(), all.end(), [](const Gap& a, const Gap& b) { return a.first < b.first; });
  std::vector<Gap> out;
  for (const Gap& g : all) {
    if (!out.empty() && out.back().last >= g.first) {
      out.back().last = std::max(out.back().last, g.last);
      out.back().end = std::max(out.back().end, g.end);
    } else {
      out.push_back(g);
    }
  }
  return out;
}

void keep_original(std::vector<Paragraph>& into, const std::vector<Gap>& gaps, const std::vector<Line>& lines,
                   Untranslated reason) {
  std::vector<Paragraph> original;
  for (const Gap& g : gaps) {
    const std::vector<Line> part(lines.begin() + static_cast<std::ptrdiff_t>(g.first),
                                 lines.begin() + static_cast<std::ptrdiff_t>(g.last));
    for (Paragraph p : paragraphs_from_lines(part, g.end)) {
      p.untranslated = reason;
      original.push_back(std::move(p));
    }
  }
  splice(into, original, gaps);
}

void settle(std::vector<Paragraph>& paragraphs, const std::vector<Gap>& gaps, const std::vector<Line>& lines,
            Untranslated reason, double end) {
  for (const Gap& g : gaps) {
    // A stretch the model kept answering in another language was not left out: its paragraph's
    // mark says so. A refusal or a cut answer says more than that.
    const auto marked = std::find_if(paragraphs.begin(), paragraphs.end(), [&](const Paragraph& p) {
      return !p.translated() && p.start + 1 >= g.start && p.start + 1 < g.end;
    });
    const bool left_out = reason == Untranslated::incomplete;
    const Untranslated why = left_out && marked != paragraphs.end() ? marked->untranslated : reason;
    keep_original(paragraphs, {g}, lines, why);
  }
  close_paragraphs(paragraphs, end);
}

std::vector<Paragraph> join_chunks(const std::vector<std::vector<Paragraph>>& chunks, double video_end) {
  std::vector<Paragraph> text;
  for (const auto& part : chunks) text.insert(text.end(), part.begin(), part.end());
  close_paragraphs(text, video_end);
  return text;
}

void count_untranslated(VideoResult& result) {
  const auto& text = result.translation;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i].translated()) continue;
    if (i == 0 || text[i - 1].translated()) ++result.coverage.untranslated_passages;
    result.coverage.untranslated_seconds += text[i].end - text[i].start;
  }
}

std::vector<Paragraph> paragraphs_from_lines(const std::vector<Line>& lines, double video_end) {
  constexpr double paragraph_seconds = 60;
  std::vector<Paragraph> out;
  int chapter = -2;
  for (const Line& line : lines) {
    const bool fresh = out.empty() || line.chapter != chapter || line.turn ||
                       (!line.speaker.empty() && line.speaker != out.back().speaker) ||
                       line.start - out.back().start >= paragraph_seconds;
    if (fresh) {
      out.push_back(Paragraph{static_cast<int>(line.start), 0, line.speaker, line.text});
    } else {
      std::size_t first = 0;
      if (!is_cjk(next_codepoint(line.text, first))) out.back().text += ' ';
      out.back().text += line.text;
    }
    chapter = line.chapter;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].end = i + 1 < out.size() ? out[i + 1].start : static_cast<int>(std::max(video_end, lines.back().end));
  }
  return out;
}

}  // namespace ytm::pipeline
