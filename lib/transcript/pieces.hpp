#pragma once
// Between cues and segments: single words (or markers) with a time each, in spoken order.
// Internal to ytm_transcript.
#include <string>
#include <vector>

#include "transcript/cues.hpp"

namespace ytm::transcript {

struct Piece {
  double start = 0;
  double end = 0;
  std::string text;             // one word, decoded; empty for a speaker change
  bool space_before = false;    // written with a space before it
  bool line_start = false;      // first word of a caption line
  bool marker = false;          // "[Music]"
  bool speaker_change = false;  // ">>" in automatic captions
};

// Cues to words: sorted, rolling repeats dropped, times given to every word.
std::vector<Piece> to_pieces(CueTrack track);

// Words to sentence-sized segments, markers apart.
std::vector<Segment> assemble(const std::vector<Piece>& pieces);

}  // namespace ytm::transcript
