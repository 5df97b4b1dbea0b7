#pragma once
// Long automatic-caption tracks as YouTube serves them, for tests and benchmarks: speech at about
// 150 words a minute in lines of 4 to 8 words, written as rolling WebVTT (each cue repeating the
// previous line, inline <c> word timings, 10 ms cues carrying the finished line) and as json3.
#include <cstdint>
#include <string>
#include <vector>

namespace ytm::test {

struct GeneratedCaptions {
  std::vector<std::string> words;  // what was said, in order, each once
  std::string vtt;
  std::string json3;
};

GeneratedCaptions generate_automatic_captions(int minutes, std::uint32_t seed = 11);

}  // namespace ytm::test
