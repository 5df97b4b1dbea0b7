#pragma once
// The shape every caption format is read into before clean-up: cues of lines of words, with
// whatever timing the format carried. Internal to ytm_transcript and its tests.
#include <string>
#include <vector>

#include "transcript/types.hpp"

namespace ytm::transcript {

struct CueWord {
  double start = -1;  // seconds; < 0 when the format gave no time of its own (the cue's start applies)
  std::string text;   // markup removed, entities not yet decoded, leading space kept as written
};

struct CueLine {
  std::vector<CueWord> words;
  bool timed = false;  // the words carry their own times (automatic captions' new words)
};

struct Cue {
  double start = 0;
  double end = -1;  // < 0 when unknown
  std::vector<CueLine> lines;
};

struct CueTrack {
  std::vector<Cue> cues;
  bool rolling = false;  // known to repeat the previous line in each cue (YouTube's automatic WebVTT)
};

// One line made of a single untimed piece of text.
CueLine plain_line(std::string text);

// The clean-up every format shares: entities decoded, rolling repeats removed (each spoken word
// once), markers kept apart, words merged into sentence-sized segments, sorted by start.
std::vector<Segment> clean_cues(CueTrack track);

}  // namespace ytm::transcript
