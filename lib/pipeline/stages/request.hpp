#pragma once
// Stage 1 of a chunk's line: the request. Plain functions of the video and the part asked for,
// filled from the prompt files; the notes, summary and repair requests live here too.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/backend.hpp"
#include "pipeline/stages/types.hpp"
#include "pipeline/video.hpp"

namespace ytm::pipeline {

// "2.1 of 5 (12:03-24:10)": which part of the video a request is for.
std::string part_label(const Video& video, const Chunk& chunk, const std::string& suffix);

// with_notes: the translate_notes prompt, whose answer ends with the chunk's notes.
model::Request translate_request(const Video& video, const Chunk& chunk, const std::string& part, bool with_notes);
// Only the gaps' lines of the chunk, with the translate prompt: "translate 41:10-44:30".
model::Request gap_request(const Video& video, const Chunk& chunk, const std::vector<Gap>& gaps);
model::Request notes_request(const Video& video, const Chunk& chunk, const std::string& part);
// From the chunks' notes (one per chunk) when there are any, else from the whole transcript.
model::Request summary_request(const Video& video, const std::vector<nlohmann::json>& notes);
model::Request repair_request(const Video& video, const model::Request& original, const std::string& answer,
                              const std::string& error);

// The part of the chunk a gap request covers: from the first gap's start to the last one's end.
Chunk gap_span(const std::vector<Gap>& gaps, const Chunk& chunk);
// The gaps' lines as a gap request carries them, a "--- … ---" line between two gaps.
std::string gap_transcript(const std::vector<Gap>& gaps, const std::vector<Line>& lines,
                           const std::vector<SourceChapter>& chapters);
// The source characters of the gaps' lines: what a gap request carries.
std::size_t gap_chars(const std::vector<Gap>& gaps, const std::vector<Line>& lines);
// What the next request may ask for after an answer was cut off having translated `capacity`
// source characters: every gap when they fit, else the first one's leading lines up to that size
// (at least one line, ended at a sentence end in its last third when there is one), so the request
// is smaller than the one that was cut, not the same size.
std::vector<Gap> gaps_within(const std::vector<Gap>& gaps, const std::vector<Line>& lines, std::size_t capacity);
// "41:10-44:30" or "41:10-44:30, 50:02-51:00".
std::string gap_times(const std::vector<Gap>& gaps);

}  // namespace ytm::pipeline
