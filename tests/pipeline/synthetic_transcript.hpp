#pragma once
// Realistic stand-in transcripts for tests and benchmarks: English speech at about 150 words a
// minute, cut into caption fragments of a few seconds like YouTube's, with punctuated sentences,
// two alternating speakers and, when asked, creator chapters.
#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/input.hpp"

namespace ytm::test {

struct SyntheticOptions {
  int minutes = 76;
  int words_per_minute = 150;
  int chapters = 0;         // creator chapters of equal length; 0 for none
  bool speakers = false;    // label who speaks ("Host", "Guest")
  bool punctuation = true;  // automatic captions often have none
  std::uint32_t seed = 7;
};

inline pipeline::PipelineInput synthetic_input(const SyntheticOptions& options) {
  static const char* const words[] = {
      "the",       "model",   "compute",  "energy",    "factory",  "token",       "robot",    "chip",      "cost",
      "year",      "people",  "industry", "research",  "open",     "source",      "software", "data",      "center",
      "problem",   "future",  "growth",   "reasoning", "training", "inference",   "biology",  "protein",   "language",
      "car",       "startup", "market",   "policy",    "country",  "engineer",    "purpose",  "task",      "job",
      "value",     "scale",   "system",   "stack",     "layer",    "application", "platform", "customer",  "revenue",
      "capacity",  "demand",  "supply",   "question",  "answer",   "really",      "actually", "important", "incredible",
      "different", "better",  "faster",   "cheaper",   "bigger",   "we",          "they",     "you",       "think",
      "know",      "build",   "need",     "want",      "make",     "see",         "use",      "learn",     "change",
      "is",        "are",     "was",      "will",      "can",      "should",      "because",  "and",       "but",
      "so",        "that",    "this",     "every",     "in",       "of",          "for",      "with",      "on",
      "about",     "from",    "into",     "over",      "more",     "most",        "all",      "some"};
  constexpr std::size_t vocabulary = sizeof(words) / sizeof(words[0]);
  std::uint32_t state = options.seed * 2654435761u + 1;
  const auto next = [&](std::uint32_t bound) {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) % bound;
  };

  pipeline::PipelineInput input;
  input.video.id = "synthetic" + std::to_string(options.minutes);
  input.video.title = "A conversation on compute, energy and robots";
  input.video.channel = "Synthetic Talks";
  input.video.description = "Host and Guest talk about NVIDIA, TSMC and the future of robots.";
  input.video.duration = options.minutes * 60;
  input.video.language = "en";
  input.output_language = "zh-CN";

  const int total_words = options.minutes * options.words_per_minute;
  const double seconds_per_word = (input.video.duration - 1.0) / total_words;
  double t = 0.5;
  int sentence_left = 0, sentence_number = 0;
  std::string speaker = "Host";
  pipeline::Segment segment;
  int in_segment = 0, segment_words = 6 + static_cast<int>(next(4));
  for (int w = 0; w < total_words; ++w) {
    if (sentence_left == 0) {
      sentence_left = 8 + static_cast<int>(next(18));
      if (++sentence_number % 5 == 0) speaker = speaker == "Host" ? "Guest" : "Host";
    }
    std::string word = words[next(vocabulary)];
    --sentence_left;
    if ((sentence_left == 0 || w + 1 == total_words) && options.punctuation) word += next(6) == 0 ? "?" : ".";
    if (in_segment == 0) {
      segment = pipeline::Segment{t, t, "", options.speakers ? speaker : "", false};
    }
    segment.text += (in_segment ? " " : "") + word;
    ++in_segment;
    t += seconds_per_word;
    if (in_segment == segment_words || w + 1 == total_words) {
      segment.end = t;
      input.segments.push_back(segment);
      in_segment = 0;
      segment_words = 6 + static_cast<int>(next(4));
    }
  }
  for (int c = 0; c < options.chapters; ++c) {
    const double length = input.video.duration / static_cast<double>(options.chapters);
    input.chapters.push_back({c * length, (c + 1) * length, "Chapter " + std::to_string(c + 1)});
  }
  return input;
}

// A talk of `minutes` with speakers, as the answer-style tests and the bench use it.
inline pipeline::PipelineInput synthetic_talk(int minutes) {
  SyntheticOptions options;
  options.minutes = minutes;
  options.speakers = true;
  return synthetic_input(options);
}

}  // namespace ytm::test
