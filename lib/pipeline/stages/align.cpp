#include "pipeline/stages/align.hpp"

#include <algorithm>

#include "pipeline/text.hpp"

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
  if (!gaps.empty() && gaps.back().last >= first) {  // touching or, after a marked paragraph, overlapping
    gaps.back() = make_gap(lines, chunk, gaps.back().first, std::max(last, gaps.back().last));
  } else {
    gaps.push_back(make_gap(lines, chunk, first, last));
  }
}

// Stamps relative to the chunk: the first at most a minute in, all within the chunk's length (and
// a minute), in a chunk that starts two minutes in or later (before that the two cannot be told).
constexpr double relative_first_max = 60;
constexpr double relative_slack = 60;
constexpr double relative_min_start = 120;

// The transcript's speaker at a placed stamp.
std::string source_speaker(const AlignFacts& facts, double at) {
  std::string speaker;
  const Chunk& chunk = facts.chunk;
  for (std::size_t i = chunk.first; i < chunk.last && i < facts.lines.size() && facts.lines[i].start <= at + 1; ++i) {
    speaker = facts.lines[i].speaker;
  }
  return speaker;
}

}  // namespace

std::vector<Paragraph> place(const std::vector<AnswerParagraph>& written, const AlignFacts& facts) {
  const Chunk& chunk = facts.chunk;
  std::vector<Paragraph> out;
  for (const AnswerParagraph& a : written) {
    if (!a.stamp) {  // text before the first stamp starts with the chunk
      out.push_back(Paragraph{static_cast<int>(chunk.start), 0, a.speaker, a.text, ""});
      continue;
    }
    const double floor = out.empty() ? chunk.start : out.back().start;
    const double start = std::max(std::clamp(*a.stamp, chunk.start, chunk.end), floor);
    out.push_back(Paragraph{static_cast<int>(start), 0, a.speaker, a.text, ""});
    if (a.speaker_from_source) out.back().speaker = source_speaker(facts, start);
  }
  return out;
}

Passed<Paragraph> drop_empty(std::vector<Paragraph> paragraphs, const AlignFacts& /*facts*/) {
  const auto dropped = std::erase_if(paragraphs, [](const Paragraph& p) { return p.text.empty(); });
  return {std::move(paragraphs), static_cast<int>(dropped)};
}

Passed<Paragraph> drop_cut_paragraph(std::vector<Paragraph> paragraphs, const AlignFacts& facts) {
  if (!facts.truncated || paragraphs.empty()) return {std::move(paragraphs), 0};
  paragraphs.pop_back();
  return {std::move(paragraphs), 1};
}

void close_paragraphs(std::vector<Paragraph>& paragraphs, double end) {
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    paragraphs[i].end = i + 1 < paragraphs.size() ? paragraphs[i + 1].start : static_cast<int>(end);
  }
}

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

std::vector<Paragraph> align_paragraphs(const CleanAnswer& answer, const AlignFacts& facts, PassCounts& counts) {
  const auto written = run_passes<AnswerParagraph, AlignFacts>(answer.paragraphs, facts, stamp_passes, counts);
  auto paragraphs = run_passes<Paragraph, AlignFacts>(place(written, facts), facts, align_passes, counts);
  if (!facts.language.target_language.empty()) paragraphs = check_language(std::move(paragraphs), facts.language, counts);
  close_paragraphs(paragraphs, facts.chunk.end);
  return paragraphs;
}

Aligned align(const CleanAnswer& answer, const AlignFacts& facts, PassCounts& counts) {
  Aligned out{align_paragraphs(answer, facts, counts), {}};
  out.gaps = find_gaps(out.paragraphs, facts.lines, facts.chunk, facts.expected_ratio, facts.truncated);
  return out;
}

TranslationAnswer read_translation(std::string_view reply, const Chunk& chunk, const std::vector<Line>& lines,
                                   const std::vector<std::string>& names) {
  const CleanAnswer answer = read_answer(reply, ReadFacts{chunk, lines, names});
  PassCounts counts;
  return TranslationAnswer{align_paragraphs(answer, AlignFacts{chunk, lines}, counts), answer.stamped,
                           answer.dropped_lines, answer.dropped_labels};
}

std::vector<Paragraph> parse_translation(std::string_view reply, const Chunk& chunk) {
  return read_translation(reply, chunk, {}, {}).paragraphs;
}

std::vector<Gap> find_gaps(const std::vector<Paragraph>& paragraphs, const std::vector<Line>& lines,
                           const Chunk& chunk, double expected_ratio, bool truncated) {
  std::vector<Gap> gaps;
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
    // A paragraph marked untranslated (not in the output language) is a gap of at least its line.
    const bool marked = !paragraphs[k].untranslated.empty();
    if (marked || short_text || (truncated && last)) {
      add_gap(gaps, lines, chunk, anchors[k], marked ? std::max(end, anchors[k] + 1) : end);
    }
  }
  return gaps;
}


}  // namespace ytm::pipeline
