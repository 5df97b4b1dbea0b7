#pragma once
// What passes from one stage of a chunk's line to the next (see docs/architecture.md, "Job"):
//   request → raw answer → clean_answer (AnswerParagraph) → align (Paragraph, Gap) → accept → splice
// and the shape of a pass: a plain function that takes a chunk's paragraphs and returns them with
// a count of what it changed, so that a check is one more entry in its stage's list.
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/stop_reason.hpp"
#include "pipeline/chunking.hpp"
#include "pipeline/result.hpp"

namespace ytm::pipeline {

// A model's answer as it came, before anything read it.
struct RawAnswer {
  std::string text;
  model::StopReason stop = model::StopReason::end_turn;
};

// A paragraph as the answer wrote it, before it is placed in the chunk.
struct AnswerParagraph {
  std::optional<double> stamp;       // as written; nullopt for text before the first stamp
  std::string speaker;               // from a label the material gives (or a bold one)
  bool speaker_from_source = false;  // an invented label was dropped: the transcript's speaker there
  std::string text;
};

// Source lines [first, last) of a chunk that no paragraph translates.
struct Gap {
  std::size_t first = 0;
  std::size_t last = 0;
  double start = 0;  // the first line's start
  double end = 0;    // the next line's start, or the chunk's end
};

// What a pass returns: the paragraphs and how many it changed (dropped, merged, moved).
template <class Item>
struct Passed {
  std::vector<Item> items;
  int changed = 0;
};

// A pass of a stage: its name (what its count is of), a plain function of the chunk's paragraphs
// (or lines) and what the stage knows about the chunk (Facts), and why it changes what it changes,
// in words for the reader of the document (its footer and `ytmonitor status` show it; a pass without
// one is shown by its name alone).
template <class Item, class Facts>
struct Pass {
  std::string_view name;
  Passed<Item> (*run)(std::vector<Item> items, const Facts& facts);
  std::string_view why = {};
};

// A pass over the answer's text before anything reads it (thought blocks): the text and how many
// things it took out.
struct TextPassed {
  std::string text;
  int changed = 0;
};
struct TextPass {
  std::string_view name;
  TextPassed (*run)(std::string text);
  std::string_view why = {};
};

// How many things one pass changed, and why it changes them (from its entry). Read and compared as
// the count alone: counts["thought blocks"] == 2.
struct PassTally {
  int count = 0;
  std::string why;

  PassTally() = default;
  PassTally(int n, std::string reason = {}) : count(n), why(std::move(reason)) {}  // implicit: a count is a tally
  PassTally& operator+=(const PassTally& more) {
    count += more.count;
    if (why.empty()) why = more.why;
    return *this;
  }
  friend bool operator==(const PassTally& a, const PassTally& b) { return a.count == b.count; }
};

// What the passes changed, by pass name, summed over a chunk's answers (and a video's chunks).
using PassCounts = std::map<std::string, PassTally, std::less<>>;

inline void add_counts(PassCounts& into, const PassCounts& more) {
  for (const auto& [name, tally] : more) into[name] += tally;
}

// As the result keeps them, and back.
inline std::vector<PassNote> pass_notes(const PassCounts& counts) {
  std::vector<PassNote> notes;
  for (const auto& [name, tally] : counts) notes.push_back(PassNote{name, tally.count, tally.why});
  return notes;
}
inline PassCounts pass_counts(const std::vector<PassNote>& notes) {
  PassCounts counts;
  for (const auto& n : notes) counts[n.name] += PassTally{n.count, n.why};
  return counts;
}

// The passes in order, each one's count added to counts under its name.
template <class Item, class Facts>
std::vector<Item> run_passes(std::vector<Item> items, const Facts& facts, std::span<const Pass<Item, Facts>> passes,
                             PassCounts& counts) {
  for (const auto& pass : passes) {
    Passed<Item> out = pass.run(std::move(items), facts);
    if (out.changed > 0) counts[std::string(pass.name)] += PassTally{out.changed, std::string(pass.why)};
    items = std::move(out.items);
  }
  return items;
}

// "thought blocks 1, repeated paragraphs 2": for a log line.
inline std::string describe(const PassCounts& counts) {
  std::string text;
  for (const auto& [name, tally] : counts) {
    text += (text.empty() ? "" : ", ") + name + " " + std::to_string(tally.count);
  }
  return text;
}

inline std::string run_text_passes(std::string text, std::span<const TextPass> passes, PassCounts& counts) {
  for (const auto& pass : passes) {
    TextPassed out = pass.run(std::move(text));
    if (out.changed > 0) counts[std::string(pass.name)] += PassTally{out.changed, std::string(pass.why)};
    text = std::move(out.text);
  }
  return text;
}

}  // namespace ytm::pipeline
