#pragma once
// One chunk's translation from the model's answers, internal to the pipeline: the first answer
// read tolerantly; a refusal or off-task answer asked once more; the stretches it left out asked
// for on their own and spliced in, at most two extra calls in all; what is still missing kept as
// the original transcript marked with why. Every raw answer is checkpointed, so a restart reads
// them again instead of calling.
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/video_run.hpp"

namespace ytm::pipeline {

struct ChunkText {
  std::vector<Paragraph> paragraphs;
  std::optional<nlohmann::json> notes;  // asked for notes: nullopt when the answers held none that are valid
  Coverage coverage;
  std::optional<std::string> redo_in_halves;  // why the chunk must be split instead (prompt too long, chapter run-on)
};

// Extra calls a chunk may cost for completeness (a refusal asked again counts as one).
inline constexpr int max_extra_calls = 2;

boost::asio::awaitable<Outcome<ChunkText>> chunk_text(VideoRun& run, Chunk chunk, std::string name,
                                                      model::Request request, std::string version, bool with_notes,
                                                      StepUsage& usage);

// The notes in an answer's notes block, or nullopt (logged) when it has none that are valid.
std::optional<nlohmann::json> answer_notes(const VideoRun& run, const Chunk& chunk, const std::string& name,
                                           std::optional<std::string_view> block);
// Why notes without points do not stand for a chunk of speech; nullopt when they do.
std::optional<std::string> notes_problem(const nlohmann::json& notes, const VideoRun& run, const Chunk& chunk);

}  // namespace ytm::pipeline
