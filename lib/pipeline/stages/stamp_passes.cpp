// align's stamp passes (declared in align.hpp): over the stamps as the answer wrote them, before
// they are placed in the chunk.
#include <algorithm>
#include <cmath>
#include <limits>

#include "pipeline/measure.hpp"
#include "pipeline/stages/align.hpp"

namespace ytm::pipeline {
namespace {

// Stamps relative to the chunk: the first at most a minute in, all within the chunk's length (and
// a minute), in a chunk that starts two minutes in or later (before that the two cannot be told).
constexpr double relative_first_max = 60;
constexpr double relative_slack = 60;
constexpr double relative_min_start = 120;

// A stamp this close to a line's start names that line (the prompt writes whole seconds).
constexpr double exact_seconds = 1;
// Where the line an approximate stamp stands for may be: a minute either way (rounded down or to
// the nearest minute) and a little.
constexpr double approximate_seconds = 65;
// Cost of a second's distance from the stamp, in source characters (a tie-break: the text's length
// decides), and of each second outside the stamp's window (far more than any length).
constexpr double near_weight = 0.2;
constexpr double far_weight = 50;
// Stamps rounded to the minute: most of at least this many are whole minutes.
constexpr std::size_t rounded_min_stamps = 3;

struct Span {
  std::size_t first = 0, last = 0;
};

// Source characters before each line of the span, so a stretch's length is a difference.
std::vector<double> prefix_chars(const std::vector<Line>& lines, Span span) {
  std::vector<double> prefix{0};
  for (std::size_t i = span.first; i < span.last; ++i) {
    prefix.push_back(prefix.back() + static_cast<double>(count_codepoints(lines[i].text)));
  }
  return prefix;
}

// The line of the span a stamp names exactly, or npos.
std::size_t exact_line(const std::vector<Line>& lines, Span span, double stamp) {
  for (std::size_t i = span.first; i < span.last; ++i) {
    if (std::abs(lines[i].start - stamp) <= exact_seconds) return i;
  }
  return std::string::npos;
}

// Most stamps whole minutes, and a third of those naming no line: rounded, so even a stamp that
// names a line may do so by chance. (Lines that start on whole minutes are named by their stamps.)
bool rounded(const std::vector<AnswerParagraph>& paragraphs, const std::vector<Line>& lines, Span span) {
  std::size_t stamped = 0, whole = 0, unnamed = 0;
  for (const auto& p : paragraphs) {
    if (!p.stamp) continue;
    ++stamped;
    if (std::fmod(*p.stamp, 60.0) != 0) continue;
    ++whole;
    unnamed += exact_line(lines, span, *p.stamp) == std::string::npos ? 1 : 0;
  }
  return stamped >= rounded_min_stamps && whole * 3 >= stamped * 2 && unnamed * 3 >= whole;
}

// The same stamp as the paragraph before: an original written beside its translation, or one
// paragraph in two. Not an approximate stamp: the language check and merge_shared_starts see to it.
bool repeats_stamp(const std::vector<AnswerParagraph>& paragraphs, std::size_t k) {
  return k > 0 && paragraphs[k - 1].stamp && paragraphs[k].stamp && *paragraphs[k - 1].stamp == *paragraphs[k].stamp;
}

// Each paragraph's window of candidate lines: its exact line when the stamps name lines in order,
// else the lines within approximate_seconds of its stamp (all of the span when none is).
std::vector<std::vector<std::size_t>> candidates(const std::vector<AnswerParagraph>& paragraphs,
                                                 const std::vector<Line>& lines, Span span, bool exact_ok) {
  std::vector<std::vector<std::size_t>> out;
  std::size_t previous = 0;
  for (std::size_t k = 0; k < paragraphs.size(); ++k) {
    std::vector<std::size_t> c;
    const auto& stamp = paragraphs[k].stamp;
    if (!stamp) {
      if (k == 0) c.push_back(span.first);  // text before the first stamp starts with the chunk
    } else if (const std::size_t line = exact_ok ? exact_line(lines, span, *stamp) : std::string::npos;
               line != std::string::npos &&
               (out.empty() || line > previous || (line == previous && repeats_stamp(paragraphs, k)))) {
      c.push_back(line);
    } else {
      for (std::size_t i = span.first; i < span.last; ++i) {
        if (std::abs(lines[i].start - *stamp) <= approximate_seconds) c.push_back(i);
      }
    }
    if (c.empty()) {
      for (std::size_t i = span.first; i < span.last; ++i) c.push_back(i);
    }
    previous = c.front();
    out.push_back(std::move(c));
  }
  return out;
}

// The lines the paragraphs start at, one each and in order, that best fit both the stamps and the
// paragraphs' lengths (each paragraph as long as its stretch of source at the answer's own ratio);
// empty when there are more paragraphs than lines to give them.
std::vector<std::size_t> fit(const std::vector<AnswerParagraph>& paragraphs, const std::vector<Line>& lines,
                             Span span, const std::vector<std::vector<std::size_t>>& cands, bool truncated) {
  const auto prefix = prefix_chars(lines, span);
  const auto chars = [&](std::size_t from, std::size_t to) { return prefix[to - span.first] - prefix[from - span.first]; };
  double target = 0;
  for (const auto& p : paragraphs) target += static_cast<double>(count_codepoints(p.text));
  const double ratio = std::max(target / std::max(1.0, chars(span.first, span.last)), 0.01);
  const auto stamp_cost = [&](std::size_t k, std::size_t line) {
    if (!paragraphs[k].stamp) return 0.0;
    const double d = std::abs(lines[line].start - *paragraphs[k].stamp);
    return d * near_weight + std::max(0.0, d - approximate_seconds) * far_weight;
  };
  const auto length = [&](std::size_t k) { return static_cast<double>(count_codepoints(paragraphs[k].text)) / ratio; };
  constexpr double none = std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> best(cands.size());
  std::vector<std::vector<std::size_t>> from(cands.size());
  for (std::size_t c = 0; c < cands[0].size(); ++c) {
    best[0].push_back(chars(span.first, cands[0][c]) + stamp_cost(0, cands[0][c]));
    from[0].push_back(0);
  }
  for (std::size_t k = 1; k < cands.size(); ++k) {
    for (const std::size_t line : cands[k]) {
      double cost = none;
      std::size_t back = 0;
      for (std::size_t c = 0; c < cands[k - 1].size() && cands[k - 1][c] < line; ++c) {
        const double here = best[k - 1][c] + std::abs(length(k - 1) - chars(cands[k - 1][c], line));
        if (here < cost) cost = here, back = c;
      }
      best[k].push_back(cost + stamp_cost(k, line));
      from[k].push_back(back);
    }
  }
  const std::size_t n = cands.size() - 1;
  double cost = none;
  std::size_t at = 0;
  for (std::size_t c = 0; c < cands[n].size(); ++c) {
    const double tail = truncated ? 0 : std::abs(length(n) - chars(cands[n][c], span.last));
    if (best[n][c] + tail < cost) cost = best[n][c] + tail, at = c;
  }
  if (cost == none) return {};
  std::vector<std::size_t> anchors(cands.size());
  for (std::size_t k = n + 1; k-- > 0;) {
    anchors[k] = cands[k][at];
    at = from[k][at];
  }
  return anchors;
}

}  // namespace

Passed<AnswerParagraph> shift_chunk_relative(std::vector<AnswerParagraph> paragraphs, const AlignFacts& facts) {
  const Chunk& chunk = facts.chunk;
  std::optional<double> first;
  bool inside = true;
  int stamped = 0;
  for (const AnswerParagraph& p : paragraphs) {
    if (!p.stamp) continue;
    if (!first) first = p.stamp;
    inside = inside && *p.stamp <= chunk.end - chunk.start + relative_slack;
    ++stamped;
  }
  const bool relative =
      chunk.start >= relative_min_start && first && *first <= relative_first_max && *first < chunk.start && inside;
  if (!relative) return {std::move(paragraphs), 0};
  for (AnswerParagraph& p : paragraphs) {
    if (p.stamp) *p.stamp += chunk.start;
  }
  return {std::move(paragraphs), stamped};
}

Passed<AnswerParagraph> snap_stamps(std::vector<AnswerParagraph> paragraphs, const AlignFacts& facts) {
  const Span span{facts.chunk.first, std::min(facts.chunk.last, facts.lines.size())};
  if (paragraphs.size() < 2 || span.first >= span.last) return {std::move(paragraphs), 0};
  const bool whole_minutes = rounded(paragraphs, facts.lines, span);
  const auto cands = candidates(paragraphs, facts.lines, span, !whole_minutes);
  const bool exact = std::all_of(cands.begin(), cands.end(), [](const auto& c) { return c.size() == 1; });
  if (exact) return {std::move(paragraphs), 0};
  const auto anchors = fit(paragraphs, facts.lines, span, cands, facts.truncated());
  if (anchors.empty()) return {std::move(paragraphs), 0};
  int moved = 0;
  for (std::size_t k = 0; k < paragraphs.size(); ++k) {
    auto& stamp = paragraphs[k].stamp;
    if (!stamp) continue;
    const double start = facts.lines[anchors[k]].start;
    moved += std::abs(start - *stamp) > exact_seconds ? 1 : 0;
    stamp = start;
  }
  return {std::move(paragraphs), moved};
}

}  // namespace ytm::pipeline
