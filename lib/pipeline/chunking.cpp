#include "pipeline/chunking.hpp"

#include <algorithm>
#include <cmath>

#include "pipeline/measure.hpp"

namespace ytm::pipeline {
namespace {

// A line closes at a sentence end once it is this long, and at any segment boundary past the cap,
// so unpunctuated automatic captions still make lines (and a timestamp every half minute or so).
constexpr double line_min_seconds = 10;
constexpr double line_max_seconds = 30;
constexpr int line_min_tokens = 40;
constexpr int line_max_tokens = 120;
constexpr double pause_seconds = 1.0;

int chapter_of(const std::vector<SourceChapter>& chapters, double t) {
  int found = chapters.empty() ? -1 : 0;
  for (std::size_t i = 0; i < chapters.size(); ++i) {
    if (chapters[i].start <= t + 0.5) found = static_cast<int>(i);
  }
  return found;
}

void append_text(std::string& line, const std::string& text) {
  if (!line.empty() && !(is_cjk(last_code_point(line)) && is_cjk(first_code_point(text)))) line += ' ';
  line += text;
}

bool abbreviation(std::string_view before) {
  const std::size_t space = before.find_last_of(' ');
  const std::string_view word = space == std::string_view::npos ? before : before.substr(space + 1);
  static constexpr std::string_view known[] = {"Mr",  "Mrs", "Ms",  "Dr",  "Prof", "St", "vs",
                                               "etc", "e.g", "i.e", "U.S", "Inc",  "Jr", "Sr"};
  if (word.size() <= 1) return true;
  return std::find(std::begin(known), std::end(known), word) != std::end(known);
}

// Sentence ends inside a caption fragment: the byte offsets just after them.
std::vector<std::size_t> sentence_ends(std::string_view text) {
  std::vector<std::size_t> ends;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t at = i;
    const char32_t c = next_codepoint(text, i);
    const bool cjk_end = c == U'\u3002' || c == U'\uFF1F' || c == U'\uFF01';
    const bool latin_end = (c == '.' || c == '?' || c == '!' || c == U'\u2026') && i < text.size() && text[i] == ' ';
    if (i < text.size() && (cjk_end || (latin_end && !(c == '.' && abbreviation(text.substr(0, at)))))) {
      ends.push_back(i);
    }
  }
  return ends;
}

// Fragments cut at the sentence ends inside them, times shared out by length, so lines and chunks
// can end where sentences do even when captions break mid-sentence.
std::vector<Segment> split_at_sentences(const Segment& segment, const std::string& text) {
  std::vector<Segment> pieces;
  std::size_t from = 0;
  const double per_byte = (segment.end - segment.start) / static_cast<double>(text.size());
  auto ends = sentence_ends(text);
  ends.push_back(text.size());
  for (std::size_t to : ends) {
    std::string piece(trim(std::string_view(text).substr(from, to - from)));
    if (!piece.empty()) {
      pieces.push_back(Segment{segment.start + static_cast<double>(from) * per_byte,
                               segment.start + static_cast<double>(to) * per_byte, std::move(piece), segment.speaker,
                               false, segment.turn && pieces.empty()});
    }
    from = to;
  }
  return pieces;
}

bool line_full(const Line& line, double next_start) {
  const double length = line.end - line.start;
  const int tokens = estimate_tokens(line.text);
  if (length >= line_max_seconds || tokens >= line_max_tokens) return true;
  const bool long_enough = length >= line_min_seconds || tokens >= line_min_tokens;
  return long_enough && (ends_sentence(line.text) || next_start - line.end >= pause_seconds);
}

}  // namespace

std::vector<SourceChapter> sorted_chapters(std::vector<SourceChapter> chapters) {
  std::erase_if(chapters, [](const SourceChapter& c) { return c.end > 0 && c.end <= c.start; });
  std::stable_sort(chapters.begin(), chapters.end(),
                   [](const SourceChapter& a, const SourceChapter& b) { return a.start < b.start; });
  return chapters;
}

std::vector<Line> build_lines(const std::vector<Segment>& segments, const std::vector<SourceChapter>& chapters) {
  std::vector<Line> lines;
  std::optional<Line> current;
  for (const Segment& segment : segments) {
    const std::string text = collapse_spaces(segment.text);
    if (segment.marker || text.empty()) continue;
    for (const Segment& piece : split_at_sentences(segment, text)) {
      const int chapter = chapter_of(chapters, piece.start);
      const bool new_speaker = piece.turn || (!piece.speaker.empty() && current && piece.speaker != current->speaker);
      if (current && (new_speaker || chapter != current->chapter || line_full(*current, piece.start))) {
        lines.push_back(std::move(*current));
        current.reset();
      }
      if (!current) current = Line{piece.start, piece.end, piece.speaker, "", chapter, piece.turn};
      append_text(current->text, piece.text);
      current->end = std::max(current->end, piece.end);
    }
  }
  if (current) lines.push_back(std::move(*current));
  return lines;
}

std::string render_line(const Line& line) {
  std::string out = "[" + format_timestamp(line.start) + "] ";
  if (!line.speaker.empty()) {
    out += line.speaker + ": ";
  } else if (line.turn) {
    out += ">> ";
  }
  out += line.text;
  return out;
}

std::string render_lines(const std::vector<Line>& lines, std::size_t first, std::size_t last,
                         const std::vector<SourceChapter>& chapters) {
  std::string out;
  for (std::size_t i = first; i < last && i < lines.size(); ++i) {
    // A chunk holding several short chapters marks where each begins: the translation must start a
    // paragraph there, or the renderer files the paragraph under the chapter before.
    const int chapter = lines[i].chapter;
    if (i > first && chapter != lines[i - 1].chapter && chapter >= 0 &&
        static_cast<std::size_t>(chapter) < chapters.size()) {
      out += std::string(chapter_marker) + " " + chapters[static_cast<std::size_t>(chapter)].title + " ---\n";
    }
    // The speaker is named when it changes: repeating it on every line costs tokens twice a chunk.
    if (i > first && !lines[i].turn && !lines[i].speaker.empty() && lines[i].speaker == lines[i - 1].speaker) {
      out += "[" + format_timestamp(lines[i].start) + "] " + lines[i].text;
    } else {
      out += render_line(lines[i]);
    }
    out += '\n';
  }
  return out;
}

int line_tokens(const Line& line) { return estimate_tokens(render_line(line)) + 1; }

namespace {

struct Cut {
  std::size_t at = 0;  // 0: none yet (a chunk never ends before its first line)
  int sum = 0;
};

// A chunk ends at a chapter start when one comes this close to the chunk's size limit.
constexpr double chapter_cut_share = 0.9;

// Packs lines [a, b) into chunks of about equal size. A chunk ends at a chapter start near its
// limit, else at the last speaker's turn past half of it, else at the last sentence end past half
// of it, else wherever it is full.
void pack_run(const std::vector<Line>& lines, const std::vector<int>& tokens, std::size_t a, std::size_t b,
              int max_tokens, std::vector<Chunk>& out) {
  long total = 0;
  for (std::size_t i = a; i < b; ++i) total += tokens[i];
  const long pieces = std::max<long>(1, (total + max_tokens - 1) / max_tokens);
  const int limit = static_cast<int>(std::min<long>(
      max_tokens, static_cast<long>(std::ceil(static_cast<double>(total) * 1.1 / static_cast<double>(pieces)))));
  std::size_t start = a;
  int sum = 0;
  Cut sentence, chapter, turn;  // where the chunk could end: before line `at`, holding `sum` tokens
  const auto emit = [&](std::size_t end, int tokens_in) {
    out.push_back(Chunk{0, start, end, lines[start].start, 0, tokens_in, lines[start].chapter});
    start = end;
    sum -= tokens_in;
    sentence = chapter = turn = Cut{};
  };
  for (std::size_t i = a; i < b; ++i) {
    if (i > start && lines[i].chapter != lines[i - 1].chapter) chapter = Cut{i, sum};
    if (i > start && lines[i].turn) turn = Cut{i, sum};
    if (i > start && sum + tokens[i] > limit) {
      // A chunk that ends where a speaker's turn does keeps each answer to a question in one request.
      if (chapter.at && chapter.sum >= limit * chapter_cut_share) {
        emit(chapter.at, chapter.sum);
      } else if (turn.at && turn.sum * 2 >= limit) {
        emit(turn.at, turn.sum);
      } else if (sentence.at && sentence.sum * 2 >= limit) {
        emit(sentence.at, sentence.sum);
      }
      if (i > start && sum + tokens[i] > limit) emit(i, sum);
    }
    sum += tokens[i];
    if (ends_sentence(lines[i].text)) sentence = Cut{i + 1, sum};
  }
  if (start < b) emit(b, sum);
}

}  // namespace

std::vector<Chunk> make_chunks(const std::vector<Line>& lines, int max_tokens, double video_end) {
  std::vector<int> tokens;
  tokens.reserve(lines.size());
  for (const Line& line : lines) tokens.push_back(line_tokens(line));
  // Short chapters share a chunk: ten chapters as ten chunks would each pay for the instructions
  // and make the summary wait on more calls.
  std::vector<Chunk> chunks;
  pack_run(lines, tokens, 0, lines.size(), std::max(1, max_tokens), chunks);
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    chunks[i].index = static_cast<int>(i);
    chunks[i].end = i + 1 < chunks.size() ? chunks[i + 1].start : std::max(video_end, lines.back().end);
  }
  return chunks;
}

bool has_chapter_start(const std::vector<Line>& lines, const Chunk& chunk) {
  for (std::size_t i = chunk.first + 1; i < chunk.last; ++i) {
    if (lines[i].chapter != lines[i - 1].chapter) return true;
  }
  return false;
}

std::optional<std::pair<Chunk, Chunk>> split_chunk(const std::vector<Line>& lines, const Chunk& chunk) {
  if (chunk.last - chunk.first < 2) return std::nullopt;
  int total = 0;
  for (std::size_t i = chunk.first; i < chunk.last; ++i) total += line_tokens(lines[i]);
  std::size_t best = chunk.first + 1;  // first line of the second half
  double best_score = 1e18;
  int sum = 0;
  for (std::size_t i = chunk.first; i + 1 < chunk.last; ++i) {
    sum += line_tokens(lines[i]);
    // A chapter start anywhere wins, so halving always separates chapters the answer ran together;
    // then a sentence end within reach of the middle wins over an exact middle inside a sentence.
    const bool chapter_start = lines[i + 1].chapter != lines[i].chapter;
    const bool clean_cut = ends_sentence(lines[i].text);
    const bool turn = lines[i + 1].turn;
    const double score = std::abs(sum * 2.0 - total) + (chapter_start ? -total : 0) + (turn ? -total * 0.1 : 0) +
                         (clean_cut || chapter_start || turn ? 0 : total * 0.25);
    if (score < best_score) {
      best_score = score;
      best = i + 1;
    }
  }
  Chunk left = chunk, right = chunk;
  left.last = right.first = best;
  left.end = right.start = lines[best].start;
  left.tokens = 0;
  for (std::size_t i = left.first; i < left.last; ++i) left.tokens += line_tokens(lines[i]);
  right.tokens = chunk.tokens - left.tokens;
  right.chapter = lines[best].chapter;
  return std::pair{left, right};
}

}  // namespace ytm::pipeline
