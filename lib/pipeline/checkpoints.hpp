#pragma once
// The steps whose outputs the store keeps, so that a restart repeats no paid work: their names and
// the JSON each keeps, declared once. The pipeline's model steps are named translate/N, notes/N
// (N.1 and N.2 for a chunk answered in halves) and summary; the job's own steps are the fetched
// transcript and the finished result, which render and the commands read back.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/failure.hpp"
#include "model/stop_reason.hpp"
#include "pipeline/result.hpp"
#include "store/store.hpp"
#include "transcript/types.hpp"

namespace ytm::pipeline::checkpoint {

namespace names {
inline constexpr std::string_view transcript = "transcript";
inline constexpr std::string_view summary = "summary";
inline constexpr std::string_view result = "result";
}  // namespace names

// "translate/3", and "translate/3.1" for the first half of chunk 3 (half_suffix ".1").
std::string translate(int chunk, std::string_view half_suffix = "");
std::string notes(int chunk, std::string_view half_suffix = "");

// The fetched video as the transcript step keeps it; keyed by the video id alone.
store::Step transcript_step(const std::string& video_id, const transcript::FetchedVideo& fetched);
std::optional<transcript::FetchedVideo> stored_transcript(const store::Store& store, const std::string& video_id);

// The finished result, keyed by the video id and the output language.
store::Step result_step(const std::string& video_id, const std::string& language, const VideoResult& result);
// A permanent failure "no_result" or "bad_result" naming the video when there is none to read.
Outcome<VideoResult> stored_result(const store::Store& store, const std::string& video_id);
bool has_result(const store::Store& store, const std::string& video_id);

// A chunk's paragraphs as its translate step keeps them: [{"start","end","speaker","text"}].
nlohmann::json paragraphs_json(const std::vector<Paragraph>& paragraphs);
std::vector<Paragraph> paragraphs(const nlohmann::json& value);

// Why a kept answer stopped: {"stop": "none"}. Answers kept before the stop reason was hold only
// "truncated": true for one stopped at the output limit.
void put_stop(nlohmann::json& value, model::StopReason stop);
model::StopReason stop_of(const nlohmann::json& value);

}  // namespace ytm::pipeline::checkpoint
