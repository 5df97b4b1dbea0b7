#include "pipeline/stages/align.hpp"

#include <algorithm>
#include <cmath>

#include "core/text.hpp"
#include "pipeline/measure.hpp"

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
// A last paragraph that ends mid-sentence was cut off when this much of its source (and this share)
// is not accounted for by its text: about four words, so the last seconds of a talk count too.
constexpr double cut_min_chars = 24;
constexpr double cut_share = 0.12;
// A line end this near (a share of the source a paragraph's text stands for) to where the text
// ends may be where the paragraph was meant to end.
constexpr double line_end_share = 0.25;
// A last paragraph below this share of the answer's usual paragraph (the median of at least
// peers_min others) stopped inside what it was writing.
constexpr double peer_share = 0.5;
constexpr std::size_t peers_min = 3;

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

// The first source line a paragraph may start with: stamps are whole seconds, and two lines may
// start in one (what a cut answer did not translate must not be taken for the paragraph before).
std::size_t first_line_at(const Paragraph& p, const std::vector<Line>& lines, std::size_t first, std::size_t last) {
  for (std::size_t i = first; i < last; ++i) {
    if (lines[i].start >= p.start) return i;
  }
  return last;
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
      out.push_back(Paragraph{static_cast<int>(chunk.start), 0, a.speaker, a.text});
      continue;
    }
    const double floor = out.empty() ? chunk.start : out.back().start;
    const double start = std::max(std::clamp(*a.stamp, chunk.start, chunk.end), floor);
    out.push_back(Paragraph{static_cast<int>(start), 0, a.speaker, a.text});
    if (a.speaker_from_source) out.back().speaker = source_speaker(facts, start);
  }
  return out;
}

Passed<Paragraph> drop_empty(std::vector<Paragraph> paragraphs, const AlignFacts& /*facts*/) {
  const auto dropped = std::erase_if(paragraphs, [](const Paragraph& p) { return p.text.empty(); });
  return {std::move(paragraphs), static_cast<int>(dropped)};
}

Passed<Paragraph> drop_cut_paragraph(std::vector<Paragraph> paragraphs, const AlignFacts& facts) {
  if (!facts.truncated() || paragraphs.empty()) return {std::move(paragraphs), 0};
  paragraphs.pop_back();
  return {std::move(paragraphs), 1};
}

void close_paragraphs(std::vector<Paragraph>& paragraphs, double end) {
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    paragraphs[i].end = i + 1 < paragraphs.size() ? paragraphs[i + 1].start : static_cast<int>(end);
  }
}

Passed<Paragraph> merge_shared_starts(std::vector<Paragraph> paragraphs, const AlignFacts& /*facts*/) {
  std::vector<Paragraph> out;
  int merged = 0;
  for (Paragraph& p : paragraphs) {
    if (out.empty() || out.back().start != p.start) {
      out.push_back(std::move(p));
      continue;
    }
    std::string& text = out.back().text;
    std::size_t first = 0;
    if (!text.empty() && !is_cjk(next_codepoint(p.text, first))) text += ' ';
    text += p.text;
    ++merged;
  }
  return {std::move(out), merged};
}

namespace {

// How an answer's last paragraph ends: whole; open (mid-sentence while its stretch of source goes
// on: that stretch is asked for again); or cut (stopped by an output limit: dropped, and the next
// request no larger than what the answer managed).
enum class Ending { whole, open, cut };

// Whether the source breaks off mid-sentence at a line end about where the paragraph from line
// `at` stops, at the answer's ratio: a paragraph that follows its caption lines (captions without
// punctuation, a long sentence split over lines) ends mid-sentence there as its source does. An
// answer stopped by an output limit stops at any word, and in punctuated source near a sentence end.
bool ends_with_its_lines(const Paragraph& last, const std::vector<Line>& lines, std::size_t at, std::size_t end,
                         double ratio) {
  const double reach = static_cast<double>(count_codepoints(last.text)) / ratio;
  double chars = 0;
  for (std::size_t i = at; i < end && chars <= reach * (1 + line_end_share); ++i) {
    chars += static_cast<double>(count_codepoints(lines[i].text));
    if (std::abs(chars - reach) <= reach * line_end_share && !ends_sentence(lines[i].text)) return true;
  }
  return false;
}

// Whether the last paragraph is far shorter than the answer's others: a model writes paragraphs of
// about one size, and one stopped by a limit stops anywhere inside its last.
bool short_of_its_peers(const std::vector<Paragraph>& placed) {
  if (placed.size() < peers_min + 1) return false;
  std::vector<double> lengths;
  for (std::size_t k = 0; k + 1 < placed.size(); ++k) lengths.push_back(static_cast<double>(count_codepoints(placed[k].text)));
  return static_cast<double>(count_codepoints(placed.back().text)) < peer_share * median(lengths);
}

// A last paragraph ending mid-sentence while its stretch of source goes on is open. It was cut off,
// whatever the stop reason said (Ollama's num_predict and some gateways say end_turn or nothing),
// when the answer said no stop reason or an odd one, when the notes block that should follow it is
// missing too, when an earlier answer for the chunk was cut (the model stops at a limit), when it
// left out more than it translated, when it is far shorter than the answer's other paragraphs, or
// when its source does not break off mid-sentence where its text ends. Telling the two apart keeps
// a model that leaves out whole paragraphs at the end from being asked in ever smaller pieces.
Ending ending_of(const std::vector<Paragraph>& placed, const AlignFacts& facts) {
  const Chunk& chunk = facts.chunk;
  if (facts.truncated()) return Ending::cut;
  if (placed.empty() || facts.lines.size() < chunk.last || ends_sentence(placed.back().text)) return Ending::whole;
  const std::size_t at = anchor(placed.back(), facts.lines, chunk.first, chunk.last);
  const auto before = static_cast<double>(source_chars(facts.lines, chunk.first, at));
  double written = 0;
  for (std::size_t k = 0; k + 1 < placed.size(); ++k) written += static_cast<double>(count_codepoints(placed[k].text));
  const double ratio = before >= ratio_min_chars && written > 0 ? written / before : facts.expected_ratio;
  const auto rest = static_cast<double>(source_chars(facts.lines, at, chunk.last));
  const double unaccounted = rest - static_cast<double>(count_codepoints(placed.back().text)) / ratio;
  if (unaccounted < std::max(cut_min_chars, cut_share * rest)) return Ending::whole;
  if (facts.stop != model::StopReason::end_turn || facts.notes_lost || facts.cut_before) return Ending::cut;
  // More left out than translated before the last paragraph, in an answer of a few paragraphs (in
  // a shorter one, a paragraph left out is half of it): taken for cut, the rest is asked for in
  // requests no larger than what the answer managed, which costs nothing more when the model only
  // left the end out (the rest fits in one such request) and keeps a model that stopped at its
  // limit from being asked the same size again.
  if (placed.size() > peers_min && unaccounted > before) return Ending::cut;
  if (short_of_its_peers(placed) || !ends_with_its_lines(placed.back(), facts.lines, at, chunk.last, ratio)) {
    return Ending::cut;
  }
  return Ending::open;
}

// The language check first: an original written beside its translation at the same stamp is
// dropped before merge_shared_starts would join the two, and before its length is taken for a cut
// answer's. A cut last paragraph is dropped after: what the check said of it (a paragraph cut
// before its translation is "left in English") is not counted.
std::vector<Paragraph> checked_language(std::vector<Paragraph> placed, const AlignFacts& facts, PassCounts& counts) {
  if (facts.language.target_language.empty()) return placed;
  PassCounts said;
  auto checked = check_language(placed, facts.language, said);
  if (checked.empty() || ending_of(checked, facts) != Ending::cut) {
    add_counts(counts, said);
    return checked;
  }
  const Paragraph cut = checked.back();
  std::erase_if(placed, [&](const Paragraph& p) { return p.start >= cut.start; });
  checked = check_language(std::move(placed), facts.language, counts);
  checked.push_back(cut);
  return checked;
}

// A cut answer is trusted up to where its last paragraph began: the gaps before that line as
// for a whole answer, and from it to the end.
std::vector<Gap> gaps_of_cut(const std::vector<Paragraph>& paragraphs, const AlignFacts& facts, std::size_t cut_line) {
  const Chunk& chunk = facts.chunk;
  std::vector<Gap> gaps;
  if (paragraphs.empty()) cut_line = chunk.first;
  if (cut_line > chunk.first) {
    Chunk before = chunk;
    before.last = cut_line;
    before.end = cut_line < chunk.last ? facts.lines[cut_line].start : chunk.end;
    gaps = find_gaps(paragraphs, facts.lines, before, facts.expected_ratio, false);
  }
  add_gap(gaps, facts.lines, chunk, cut_line, chunk.last);
  return gaps;
}

}  // namespace

Aligned align(const CleanAnswer& answer, const AlignFacts& facts, PassCounts& counts) {
  const auto written = run_passes<AnswerParagraph, AlignFacts>(answer.paragraphs, facts, stamp_passes, counts);
  auto placed = checked_language(place(written, facts), facts, counts);
  const Ending ending = ending_of(placed, facts);
  AlignFacts judged = facts;
  judged.cut = ending == Ending::cut;
  const bool lines_known = facts.lines.size() >= facts.chunk.last;
  const std::size_t cut_line = judged.cut && !placed.empty() && lines_known
                                   ? first_line_at(placed.back(), facts.lines, facts.chunk.first, facts.chunk.last)
                                   : facts.chunk.first;
  Aligned out;
  out.paragraphs = run_passes<Paragraph, AlignFacts>(std::move(placed), judged, align_passes, counts);
  close_paragraphs(out.paragraphs, facts.chunk.end);
  if (!lines_known) return out;
  out.cut = judged.cut;
  out.covered = out.cut ? source_chars(facts.lines, facts.chunk.first, cut_line) : 0;
  out.gaps = out.cut
                 ? gaps_of_cut(out.paragraphs, facts, cut_line)
                 : find_gaps(out.paragraphs, facts.lines, facts.chunk, facts.expected_ratio, ending == Ending::open);
  return out;
}

std::vector<Paragraph> align_paragraphs(const CleanAnswer& answer, const AlignFacts& facts, PassCounts& counts) {
  return align(answer, facts, counts).paragraphs;
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

std::vector<Gap> find_gaps(const std::vector<Paragraph>& paragraphs, const std::vector<Line>& lines, const Chunk& chunk,
                           double expected_ratio, bool open_end) {
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
    const bool marked = !paragraphs[k].translated();
    if (marked || short_text || (open_end && last)) {
      // From the first line the paragraph may begin with: two lines may start in its stamp's second,
      // and an earlier one left out of the request would be lost when the answer replaces it.
      const std::size_t after_previous = k > 0 ? anchors[k - 1] + 1 : chunk.first;
      const std::size_t from =
          std::min(anchors[k], std::max(first_line_at(paragraphs[k], lines, chunk.first, chunk.last), after_previous));
      add_gap(gaps, lines, chunk, from, marked ? std::max(end, anchors[k] + 1) : end);
    }
  }
  return gaps;
}

}  // namespace ytm::pipeline
