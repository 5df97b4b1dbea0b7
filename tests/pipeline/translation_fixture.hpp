#pragma once
// Ten minutes of synthetic transcript as one chunk, and a stand-in translation of it, for the
// tests of reading and checking translations.
#include <algorithm>
#include <string>
#include <vector>

#include "pipeline/chunking.hpp"
#include "pipeline/measure.hpp"
#include "synthetic_transcript.hpp"

namespace ytm::test {

using pipeline::Chunk;
using pipeline::format_timestamp;
using pipeline::Line;

struct Fixture {
  std::vector<Line> lines;
  Chunk chunk;
};

inline Fixture ten_minutes(int chapters = 0) {
  SyntheticOptions options;
  options.minutes = 10;
  options.chapters = chapters;
  const auto input = synthetic_input(options);
  Fixture f;
  f.lines = pipeline::build_lines(input.segments, pipeline::sorted_chapters(input.chapters));
  f.chunk = pipeline::make_chunks(f.lines, 100000, input.video.duration).at(0);
  return f;
}

// A faithful "translation": every third line starts a paragraph with its timestamp.
inline std::string full_translation(const Fixture& f, double share = 0.35, double skip_from = -1, double skip_to = -1) {
  std::string out;
  for (std::size_t i = f.chunk.first; i < f.chunk.last; i += 3) {
    if (f.lines[i].start >= skip_from && f.lines[i].start < skip_to) continue;
    std::size_t chars = 0;
    for (std::size_t k = i; k < std::min(i + 3, f.chunk.last); ++k) chars += f.lines[k].text.size();
    out += "[" + format_timestamp(f.lines[i].start) + "] ";
    for (std::size_t k = 0; k < static_cast<std::size_t>(static_cast<double>(chars) * share); ++k) out += "译";
    out += "\n\n";
  }
  return out;
}

}  // namespace ytm::test
