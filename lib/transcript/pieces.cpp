#include "transcript/pieces.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "core/text.hpp"
#include "transcript/caption_text.hpp"

namespace ytm::transcript {
namespace {

// A caption line as one decoded, space-collapsed string, to compare lines by. The buffers are
// reused: a 3-hour track has tens of thousands of lines to compare.
class LineText {
 public:
  std::string_view of(const CueLine& line) {
    joined_.clear();
    for (const auto& w : line.words) joined_ += w.text;
    decoded_.clear();
    text::append_decoded(decoded_, joined_);
    collapsed_.clear();
    append_collapsed(collapsed_, decoded_);
    return collapsed_;
  }

 private:
  std::string joined_;
  std::string decoded_;
  std::string collapsed_;
};

// The last lines given out, to recognise the repeats of rolling captions: a roll-up shows up to
// three lines, and the line still being spoken grows in place (it is replaced, not pushed again).
class RecentLines {
 public:
  [[nodiscard]] bool contains(std::string_view line) const {
    return std::find(lines_.begin(), lines_.end(), line) != lines_.end();
  }
  // When `line` is the last line grown by a few words (or letters: live captions cut words in
  // chunks), how much of it was given out already; 0 otherwise.
  [[nodiscard]] std::size_t shown_prefix(std::string_view line) const {
    const auto& last = lines_.back();
    return !last.empty() && line.size() > last.size() && line.starts_with(last) ? last.size() : 0;
  }
  void push(std::string_view line) {
    std::rotate(lines_.begin(), lines_.begin() + 1, lines_.end());
    lines_.back().assign(line);
  }
  void grow(std::string_view line) { lines_.back().assign(line); }

 private:
  std::array<std::string, 3> lines_;
};

// Some creator tracks (converted live captions) roll like automatic ones: a cue that opens with
// the line the previous cue closed with, for many cues in a row.
bool looks_rolling(const std::vector<Cue>& cues) {
  std::size_t repeats = 0;
  std::string previous_last;
  LineText line_text;
  for (const auto& cue : cues) {
    if (cue.lines.empty()) continue;
    auto first = line_text.of(cue.lines.front());
    if (!first.empty() && first == previous_last) ++repeats;
    previous_last.assign(line_text.of(cue.lines.back()));
  }
  return cues.size() >= 4 && repeats * 10 >= cues.size() * 3;
}

// The byte length of "。", "！" or "？" at the start of `s`; 0 for anything else.
std::size_t cjk_sentence_end_length(std::string_view s) {
  auto lead = static_cast<unsigned char>(s.front());
  if (lead != 0xE3 && lead != 0xEF) return 0;  // their UTF-8 lead bytes; the rest of text is cheap to pass
  for (std::string_view end : {"\u3002", "\uFF01", "\uFF1F"})
    if (s.starts_with(end)) return end.size();
  return 0;
}

struct Token {
  double start = -1;
  std::string text;
  bool space_before = false;
  bool line_start = false;
};

// Splits decoded caption text into words; "[...]" and "(...)" groups stay whole, and CJK text
// is cut after its sentence ends so a sentence can close there.
// `space` says a space came before `s` (the previous piece of the line ended with one).
void tokenize(std::string_view s, double start, bool line_start, std::vector<Token>& out, bool space = false) {
  space = space || (!s.empty() && is_ascii_space(s.front()));
  bool first = true;
  std::size_t i = 0;
  while (i < s.size()) {
    if (is_ascii_space(s[i])) {
      space = true;
      ++i;
      continue;
    }
    std::size_t j = i;
    char open = s[i];
    if (open == '[' || open == '(') {
      auto close = s.find(open == '[' ? ']' : ')', i);
      if (close != std::string_view::npos && close - i <= 40) j = close + 1;
    }
    while (j < s.size() && !is_ascii_space(s[j])) {
      auto length = cjk_sentence_end_length(s.substr(j));
      j += std::max<std::size_t>(length, 1);
      if (length > 0) break;
    }
    out.push_back({first ? start : -1, std::string(s.substr(i, j - i)), space, line_start && first});
    first = false;
    space = false;
    i = j;
  }
}

// Words without a time of their own share the time between their neighbours by length.
void spread_times(std::vector<Token>& tokens, double cue_start, double cue_end) {
  std::size_t i = 0;
  while (i < tokens.size()) {
    std::size_t j = i + 1;
    while (j < tokens.size() && tokens[j].start < 0) ++j;
    double from = tokens[i].start >= 0 ? tokens[i].start : cue_start;
    double to = j < tokens.size() ? tokens[j].start : cue_end;
    to = std::max(to, from);
    std::size_t total = 0;
    for (std::size_t k = i; k < j; ++k) total += tokens[k].text.size() + 1;
    std::size_t before = 0;
    for (std::size_t k = i; k < j; ++k) {
      tokens[k].start = from + (to - from) * static_cast<double>(before) / static_cast<double>(total);
      before += tokens[k].text.size() + 1;
    }
    i = j;
  }
}

// Live streams' captions time their words from the start of a stream segment, not of the video:
// a word time well before its cue's start is no time at all (the words share the cue's time).
constexpr double earliest_word_before_cue = 0.5;

void add_line(const Cue& cue, const CueLine& line, std::vector<Token>& tokens) {
  bool line_start = true;
  bool space = false;
  std::string decoded;
  for (const auto& word : line.words) {
    decoded.clear();
    text::append_decoded(decoded, word.text);
    double start = word.start >= cue.start - earliest_word_before_cue
                       ? std::clamp(word.start, cue.start, std::max(cue.start, cue.end))
                       : -1;
    auto before = tokens.size();
    tokenize(decoded, start, line_start, tokens, space);
    if (tokens.size() > before) line_start = false;
    space = !decoded.empty() && is_ascii_space(decoded.back());
  }
}

// Drops the line's tokens (from `first` on) that give out its first `shown` bytes again: the line
// as the previous cue showed it. A word cut at that point keeps its rest, joined to the part
// shown. Tokens that do not spell the line as compared (odd spaces) are all kept.
void drop_shown_prefix(std::vector<Token>& tokens, std::size_t first, std::string_view line, std::size_t shown) {
  std::string spelled;
  for (auto k = first; k < tokens.size(); ++k) {
    if (tokens[k].space_before && !spelled.empty()) spelled += ' ';
    spelled += tokens[k].text;
  }
  if (spelled != line) return;
  std::size_t at = 0;
  auto k = first;
  for (; k < tokens.size(); ++k) {
    auto begin = at + (tokens[k].space_before && at > 0 ? 1 : 0);
    if (begin >= shown) break;
    at = begin + tokens[k].text.size();
    if (at > shown) {  // cut inside this word: its rest continues the word shown
      tokens[k].text.erase(0, shown - begin);
      tokens[k].space_before = false;
      break;
    }
  }
  tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(first), tokens.begin() + static_cast<std::ptrdiff_t>(k));
  if (first < tokens.size()) tokens[first].line_start = false;
}

void add_tokens(const Cue& cue, std::vector<Token>& tokens, std::vector<Piece>& pieces) {
  spread_times(tokens, cue.start, cue.end);
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    auto& t = tokens[k];
    Piece p;
    p.start = t.start;
    p.end = k + 1 < tokens.size() ? tokens[k + 1].start : cue.end;
    p.space_before = t.space_before;
    p.line_start = t.line_start;
    p.speaker_change = t.text == ">>" || t.text == "&gt;&gt;";
    p.marker = !p.speaker_change && text::is_marker(t.text);
    if (!p.speaker_change) p.text = std::move(t.text);
    pieces.push_back(std::move(p));
  }
  tokens.clear();
}

void settle_times(std::vector<Cue>& cues) {
  std::stable_sort(cues.begin(), cues.end(), [](const Cue& a, const Cue& b) { return a.start < b.start; });
  for (std::size_t i = 0; i < cues.size(); ++i) {
    auto& cue = cues[i];
    if (cue.end > cue.start) continue;
    double next = i + 1 < cues.size() ? cues[i + 1].start : cue.start;
    cue.end = next > cue.start ? next : cue.start + 2.0;
  }
}

}  // namespace

CueLine plain_line(std::string text) {
  CueLine line;
  line.words.push_back({-1, std::move(text)});
  return line;
}

std::vector<Piece> to_pieces(CueTrack track) {
  auto& cues = track.cues;
  settle_times(cues);
  const bool rolling = track.rolling || looks_rolling(cues);
  RecentLines recent;
  LineText line_text;
  std::string previous_cue;
  double previous_end = -1;
  std::vector<Piece> pieces;
  std::vector<Token> tokens;
  for (const auto& cue : cues) {
    std::string cue_text;
    for (const auto& line : cue.lines) {
      auto normalized = line_text.of(line);
      if (normalized.empty()) continue;
      if (!rolling) {
        (cue_text += normalized) += '\n';
        add_line(cue, line, tokens);
        continue;
      }
      // A timed line may repeat what it showed before: live captions show the line so far, then
      // its new (timed) words.
      if (!line.timed && recent.contains(normalized)) continue;
      const auto shown = recent.shown_prefix(normalized);
      const auto first = tokens.size();
      add_line(cue, line, tokens);
      if (shown > 0) {
        drop_shown_prefix(tokens, first, normalized, shown);
        recent.grow(normalized);
      } else if (!recent.contains(normalized)) {
        recent.push(normalized);
      }
    }
    // The same words shown twice at once (a duplicated cue) are said once.
    if (!rolling && !cue_text.empty() && cue_text == previous_cue && cue.start <= previous_end + 0.05) {
      tokens.clear();
      continue;
    }
    if (!cue_text.empty()) previous_cue = std::move(cue_text);
    previous_end = cue.end;
    add_tokens(cue, tokens, pieces);
  }
  // Display windows overlap and placeholder durations run long: a word ends when the next begins.
  for (std::size_t k = 0; k + 1 < pieces.size(); ++k) {
    if (pieces[k + 1].start > pieces[k].start) pieces[k].end = std::min(pieces[k].end, pieces[k + 1].start);
  }
  return pieces;
}

}  // namespace ytm::transcript
