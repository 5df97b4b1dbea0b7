#include "transcript/pieces.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "core/text.hpp"
#include "transcript/text.hpp"

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

// The last two lines given out, to recognise the repeats of rolling captions.
class RecentLines {
 public:
  [[nodiscard]] bool contains(std::string_view line) const { return line == lines_[0] || line == lines_[1]; }
  // When `line` is the previous line grown by a few words, the new words; empty otherwise.
  [[nodiscard]] std::string_view growth(std::string_view line) const {
    const auto& last = lines_[1];
    if (!last.empty() && line.size() > last.size() + 1 && line.starts_with(last) && line[last.size()] == ' ')
      return line.substr(last.size() + 1);
    return {};
  }
  void push(std::string_view line) {
    lines_[0].swap(lines_[1]);
    lines_[1].assign(line);
  }

 private:
  std::array<std::string, 2> lines_;
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
void tokenize(std::string_view s, double start, bool line_start, std::vector<Token>& out) {
  bool space = !s.empty() && is_ascii_space(s.front());
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

void add_line(const Cue& cue, const CueLine& line, std::vector<Token>& tokens) {
  bool line_start = true;
  std::string decoded;
  for (const auto& word : line.words) {
    decoded.clear();
    text::append_decoded(decoded, word.text);
    double start = word.start >= 0 ? std::clamp(word.start, cue.start, std::max(cue.start, cue.end)) : -1;
    auto before = tokens.size();
    tokenize(decoded, start, line_start, tokens);
    if (tokens.size() > before) line_start = false;
  }
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
      if (rolling && !line.timed) {
        if (recent.contains(normalized)) continue;
        if (auto grown = recent.growth(normalized); !grown.empty()) {
          tokenize(grown, -1, true, tokens);
          recent.push(normalized);
          continue;
        }
      }
      if (!rolling) (cue_text += normalized) += '\n';
      add_line(cue, line, tokens);
      recent.push(normalized);
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
