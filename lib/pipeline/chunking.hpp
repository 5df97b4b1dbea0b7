#pragma once
// Transcript → lines → chunks. Captions come in fragments of a few words; the pipeline works on
// lines (a sentence or a few, cut at sentence ends, speaker changes and chapter starts) and sends
// the model chunks of whole lines that fit model.max_chunk_tokens, as few as fit and of about
// equal size. A chunk ends at a chapter start when one comes near its size limit, else at a
// sentence end; chapters inside a chunk are marked where they begin.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/input.hpp"

namespace ytm::pipeline {

struct Line {
  double start = 0;
  double end = 0;
  std::string speaker;
  std::string text;
  int chapter = -1;  // index into the creator's chapters (sorted by start), -1 when there are none
  bool turn = false;  // a speaker's turn begins with this line
};

struct Chunk {
  int index = 0;
  std::size_t first = 0;  // lines [first, last)
  std::size_t last = 0;
  double start = 0;  // the first line's start
  double end = 0;    // the next chunk's start, or the end of the video for the last one
  int tokens = 0;    // estimate of the rendered lines
  int chapter = -1;  // the first line's
};

// Stands before the first line of a chapter inside a chunk: "--- chapter: Title ---".
inline constexpr std::string_view chapter_marker = "--- chapter:";

// Creator chapters sorted by start, empty titles and zero-length ones dropped.
std::vector<SourceChapter> sorted_chapters(std::vector<SourceChapter> chapters);

std::vector<Line> build_lines(const std::vector<Segment>& segments, const std::vector<SourceChapter>& chapters);

// One line as the prompts carry it: "[m:ss] text", "[h:mm:ss] Speaker: text", or "[m:ss] >> text"
// where a turn begins whose speaker the captions do not name.
std::string render_line(const Line& line);
// Lines [first, last) one per line, with a chapter_marker line where a chapter begins after first.
std::string render_lines(const std::vector<Line>& lines, std::size_t first, std::size_t last,
                         const std::vector<SourceChapter>& chapters);
int line_tokens(const Line& line);

std::vector<Chunk> make_chunks(const std::vector<Line>& lines, int max_tokens, double video_end);

// Halves a chunk at the chapter start nearest its middle, else at the sentence end nearest its
// middle (any line boundary when there is none); nullopt when the chunk has fewer than two lines.
// has_chapter_start: whether a chapter begins after the chunk's first line.
std::optional<std::pair<Chunk, Chunk>> split_chunk(const std::vector<Line>& lines, const Chunk& chunk);
bool has_chapter_start(const std::vector<Line>& lines, const Chunk& chunk);

}  // namespace ytm::pipeline
