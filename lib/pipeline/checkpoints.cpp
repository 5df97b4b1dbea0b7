#include "pipeline/checkpoints.hpp"

#include <nlohmann/json.hpp>

#include "core/hash.hpp"
#include "core/time.hpp"
#include "transcript/fetched_json.hpp"

namespace ytm::pipeline::checkpoint {

std::string translate(int chunk, std::string_view half_suffix) {
  return "translate/" + std::to_string(chunk) + std::string(half_suffix);
}

std::string notes(int chunk, std::string_view half_suffix) {
  return "notes/" + std::to_string(chunk) + std::string(half_suffix);
}

store::Step transcript_step(const std::string& video_id, const transcript::FetchedVideo& fetched) {
  store::Step step;
  step.video_id = video_id;
  step.name = names::transcript;
  step.input_hash = sha256_hex(video_id);
  step.output = transcript::fetched_to_json(fetched).dump();
  step.created_at = now_unix();
  return step;
}

std::optional<transcript::FetchedVideo> stored_transcript(const store::Store& store, const std::string& video_id) {
  auto step = store.step(video_id, std::string(names::transcript));
  if (!step) return std::nullopt;
  return transcript::fetched_from_json(nlohmann::json::parse(step->output));
}

store::Step result_step(const std::string& video_id, const std::string& language, const VideoResult& result) {
  store::Step step;
  step.video_id = video_id;
  step.name = names::result;
  step.input_hash = sha256_hex(video_id + language);
  step.model = result.model;
  step.output = nlohmann::json(result).dump();
  step.created_at = now_unix();
  return step;
}

Outcome<VideoResult> stored_result(const store::Store& store, const std::string& video_id) {
  auto step = store.step(video_id, std::string(names::result));
  if (!step) return Failure::permanent(FailureCode::no_result, "video " + video_id + " has no stored result; process it first");
  try {
    return nlohmann::json::parse(step->output).get<VideoResult>();
  } catch (const std::exception& e) {
    return Failure::permanent(FailureCode::bad_result, "the stored result of video " + video_id + " cannot be read: " + e.what());
  }
}

bool has_result(const store::Store& store, const std::string& video_id) {
  return store.step(video_id, std::string(names::result)).has_value();
}

nlohmann::json paragraphs_json(const std::vector<Paragraph>& paragraphs) {
  auto out = nlohmann::json::array();
  for (const Paragraph& p : paragraphs) {
    nlohmann::json item{{"start", p.start}, {"end", p.end}, {"speaker", p.speaker}, {"text", p.text}};
    if (!p.translated()) item["untranslated"] = untranslated_code(p.untranslated);
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<Paragraph> paragraphs(const nlohmann::json& value) {
  std::vector<Paragraph> out;
  for (const auto& p : value) {
    out.push_back({p.value("start", 0), p.value("end", 0), p.value("speaker", ""), p.value("text", ""),
                   untranslated_from_code(p.value("untranslated", ""))});
  }
  return out;
}

void put_stop(nlohmann::json& value, model::StopReason stop) { value["stop"] = model::stop_reason_code(stop); }

model::StopReason stop_of(const nlohmann::json& value) {
  if (value.contains("stop")) return model::stop_reason_from_code(value.value("stop", ""));
  return value.value("truncated", false) ? model::StopReason::max_tokens : model::StopReason::end_turn;
}

}  // namespace ytm::pipeline::checkpoint
