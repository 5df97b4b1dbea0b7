#include "pipeline/coverage.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"
#include "pipeline/text.hpp"
#include "pipeline/translation.hpp"

namespace ytm::pipeline {
namespace {

// A stretch of source this long with far too little text for it is a gap (about 15 s of speech:
// 5% of a ten-minute chunk is twice that).
constexpr std::size_t gap_min_chars = 250;
// A paragraph below this share of the answer's usual length for its source, with at least
// gap_min_chars of source unaccounted for, is a gap.
constexpr double short_share = 0.7;
constexpr double tail_share = 0.8;
constexpr std::size_t tail_min_chars = 120;
// Stretches long enough to tell the answer's usual ratio of translated to source text.
constexpr std::size_t ratio_min_chars = 150;
// Below this share of the expected length an unstamped answer is no translation.
constexpr double off_task_share = 0.25;

std::size_t source_chars(const std::vector<Line>& lines, std::size_t first, std::size_t last) {
  std::size_t n = 0;
  for (std::size_t i = first; i < last; ++i) n += count_codepoints(lines[i].text);
  return n;
}

// The source line a paragraph starts at: the last one of the chunk starting by its stamp.
std::size_t anchor(const Paragraph& p, const std::vector<Line>& lines, std::size_t first, std::size_t last) {
  std::size_t at = first;
  for (std::size_t i = first; i < last && lines[i].start <= p.start + 1; ++i) at = i;
  return at;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

Gap make_gap(const std::vector<Line>& lines, const Chunk& chunk, std::size_t first, std::size_t last) {
  return Gap{first, last, lines[first].start, last < chunk.last ? lines[last].start : chunk.end};
}

void add_gap(std::vector<Gap>& gaps, const std::vector<Line>& lines, const Chunk& chunk, std::size_t first,
             std::size_t last) {
  if (first >= last) return;
  if (!gaps.empty() && gaps.back().last == first) {
    gaps.back() = make_gap(lines, chunk, gaps.back().first, last);
  } else {
    gaps.push_back(make_gap(lines, chunk, first, last));
  }
}

std::size_t gaps_first(const std::vector<Gap>& gaps) { return gaps.front().first; }
std::size_t gaps_last(const std::vector<Gap>& gaps) { return gaps.back().last; }

}  // namespace

std::vector<Gap> find_gaps(std::vector<Paragraph>& paragraphs, const std::vector<Line>& lines, const Chunk& chunk,
                           double expected_ratio, bool truncated) {
  std::vector<Gap> gaps;
  if (truncated && !paragraphs.empty()) paragraphs.pop_back();  // it may stop mid-sentence
  if (paragraphs.empty()) {
    add_gap(gaps, lines, chunk, chunk.first, chunk.last);
    return gaps;
  }
  std::vector<std::size_t> anchors;
  for (const Paragraph& p : paragraphs) anchors.push_back(anchor(p, lines, chunk.first, chunk.last));
  std::vector<std::size_t> source, target;
  std::vector<double> ratios;
  for (std::size_t k = 0; k < paragraphs.size(); ++k) {
    const std::size_t end = k + 1 < anchors.size() ? anchors[k + 1] : chunk.last;
    source.push_back(source_chars(lines, anchors[k], std::max(end, anchors[k])));
    target.push_back(count_codepoints(paragraphs[k].text));
    if (source.back() >= ratio_min_chars) ratios.push_back(static_cast<double>(target.back()) / source.back());
  }
  const double ratio = ratios.size() >= 3 ? median(ratios) : expected_ratio;
  if (source_chars(lines, chunk.first, anchors.front()) >= gap_min_chars / 2) {
    add_gap(gaps, lines, chunk, chunk.first, anchors.front());
  }
  for (std::size_t k = 0; k < paragraphs.size(); ++k) {
    const std::size_t end = k + 1 < anchors.size() ? anchors[k + 1] : chunk.last;
    const bool last = k + 1 == paragraphs.size();
    const double expected = static_cast<double>(source[k]) * ratio;
    const double unaccounted = static_cast<double>(source[k]) - static_cast<double>(target[k]) / ratio;
    // Models leave out the end most: the last paragraph is held to a closer match.
    const bool short_text =
        last ? static_cast<double>(target[k]) < expected * tail_share && unaccounted >= tail_min_chars
             : static_cast<double>(target[k]) < expected * short_share && unaccounted >= gap_min_chars;
    if (short_text || (truncated && last)) add_gap(gaps, lines, chunk, anchors[k], end);
  }
  return gaps;
}

Chunk gap_span(const std::vector<Gap>& gaps, const Chunk& chunk) {
  Chunk span = chunk;
  span.first = gaps_first(gaps);
  span.last = gaps_last(gaps);
  span.start = gaps.front().start;
  span.end = gaps.back().end;
  return span;
}

std::string gap_transcript(const std::vector<Gap>& gaps, const std::vector<Line>& lines,
                           const std::vector<SourceChapter>& chapters) {
  std::string text;
  for (std::size_t k = 0; k < gaps.size(); ++k) {
    if (k > 0) text += "--- (skipping to " + format_timestamp(gaps[k].start) + ") ---\n";
    text += render_lines(lines, gaps[k].first, gaps[k].last, chapters);
  }
  return text;
}

std::string gap_times(const std::vector<Gap>& gaps) {
  std::string text;
  for (const Gap& g : gaps) {
    text += (text.empty() ? "" : ", ") + format_timestamp(g.start) + "-" + format_timestamp(g.end);
  }
  return text;
}

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

void keep_original(std::vector<Paragraph>& into, const std::vector<Gap>& gaps, const std::vector<Line>& lines,
                   const std::string& reason) {
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

void close_paragraphs(std::vector<Paragraph>& paragraphs, double end) {
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    paragraphs[i].end = i + 1 < paragraphs.size() ? paragraphs[i + 1].start : static_cast<int>(end);
  }
}

bool is_off_task(std::string_view reply, int stamped, std::size_t target_chars, std::size_t source,
                 double expected_ratio) {
  const double expected = static_cast<double>(source) * expected_ratio;
  const bool far_too_short =
      source >= 4 * gap_min_chars && static_cast<double>(target_chars) < expected * off_task_share;
  if (stamped > 0) return far_too_short;
  static constexpr std::string_view refusals[] = {"i can't",
                                                  "i cannot",
                                                  "i can not",
                                                  "i'm sorry",
                                                  "i am sorry",
                                                  "i'm unable",
                                                  "i am unable",
                                                  "i won't",
                                                  "unable to",
                                                  "please provide",
                                                  "could you provide",
                                                  "you haven't provided",
                                                  "didn't include",
                                                  "not able to",
                                                  "抱歉",
                                                  "对不起",
                                                  "无法",
                                                  "我不能",
                                                  "请提供"};
  const std::string head = ascii_lower(reply.substr(0, 800));
  const bool refusal = std::any_of(std::begin(refusals), std::end(refusals),
                                   [&](std::string_view r) { return head.find(r) != std::string::npos; });
  return refusal || far_too_short;
}

}  // namespace ytm::pipeline
