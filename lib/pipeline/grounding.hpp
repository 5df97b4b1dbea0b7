#pragma once
// Checks a summary against the transcript before it is rendered:
// - every quote must be found, near-verbatim, within a window around its timestamp (its timestamp
//   is then set to where it was found), or it is dropped;
// - chapters are clamped to the video, sorted, made contiguous from 0 to the end without overlaps,
//   and take the creator's times when the video has chapters;
// - company and person names must appear in the transcript, the title or the description, or
//   they are marked grounded = false.
// Comparison is on normalised text: case, whitespace, punctuation and markdown ignored; a quote is
// split at ellipses and each part must be found in order.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/input.hpp"
#include "pipeline/result.hpp"

namespace ytm::pipeline {

// Lower-case words separated by single spaces; each CJK character is a word of its own.
std::vector<std::string> normalised_words(std::string_view text);

struct QuoteMatch {
  int timestamp = 0;  // where the quote begins in the transcript
  bool exact = true;  // false: found with a few words differing
};

class TranscriptIndex {
 public:
  TranscriptIndex(const std::vector<Segment>& segments, const VideoInfo& video);

  // Finds the quote within ±window seconds of its timestamp.
  [[nodiscard]] std::optional<QuoteMatch> find_quote(std::string_view quote, int timestamp, int window) const;
  // True when the name (or each part of "A/B") appears in the transcript, title or description.
  [[nodiscard]] bool knows_name(std::string_view name) const;

 private:
  [[nodiscard]] std::optional<std::size_t> find_part(const std::vector<std::string>& part, std::size_t from,
                                                     std::size_t to, bool& exact) const;
  std::vector<std::string> words_;
  std::vector<double> times_;
  std::string corpus_;  // every word of transcript, title and description, space-separated, with spaces around
};

struct GroundingOptions {
  int quote_window_seconds = 150;
};

// Grounds the summary in place and returns the counts for the footer and the store.
Grounding ground_summary(Summary& summary, const PipelineInput& input, double duration,
                         const GroundingOptions& options = {});

// Chapters contiguous from 0 to duration; returns how many were changed or removed.
int fix_chapters(std::vector<Chapter>& chapters, const std::vector<SourceChapter>& creator, double duration);

}  // namespace ytm::pipeline
