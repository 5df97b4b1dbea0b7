#include "transcript/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace ytm::transcript {

const char* to_string(TranscriptSource source) {
  switch (source) {
    case TranscriptSource::creator: return "creator";
    case TranscriptSource::automatic: return "automatic";
    case TranscriptSource::whisper: return "whisper";
  }
  return "unknown";
}

bool has_speech(const Transcript& transcript) {
  return std::any_of(transcript.segments.begin(), transcript.segments.end(),
                     [](const Segment& s) { return !s.marker && !s.text.empty(); });
}

std::string format_timestamp(double seconds) {
  auto total = static_cast<long>(std::floor(std::max(0.0, seconds)));
  char buffer[32];
  if (total >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%02ld:%02ld", total / 60, total % 60);
  }
  return buffer;
}

std::string format_transcript_lines(const std::vector<Segment>& segments) {
  std::string out;
  for (const auto& s : segments) out += "[" + format_timestamp(s.start) + "] " + s.text + "\n";
  return out;
}

namespace {

nlohmann::json metadata_json(const VideoMetadata& m) {
  nlohmann::json chapters = nlohmann::json::array();
  for (const auto& c : m.chapters) chapters.push_back({{"start", c.start}, {"end", c.end}, {"title", c.title}});
  auto optional = [](const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  return {{"id", m.id},
          {"title", m.title},
          {"channel", m.channel},
          {"channel_id", m.channel_id},
          {"upload_date", m.upload_date},
          {"timestamp", optional(m.timestamp)},
          {"release_timestamp", optional(m.release_timestamp)},
          {"duration", m.duration},
          {"chapters", chapters},
          {"live_status", m.live_status},
          {"availability", m.availability},
          {"language", m.language},
          {"media_type", m.media_type},
          {"view_count", optional(m.view_count)},
          {"tags", m.tags},
          {"description", m.description}};
}

}  // namespace

std::string to_json_text(const Transcript& transcript, const VideoMetadata* metadata) {
  nlohmann::json segments = nlohmann::json::array();
  for (const auto& s : transcript.segments) {
    nlohmann::json item{
        {"start", std::round(s.start * 1000) / 1000}, {"end", std::round(s.end * 1000) / 1000}, {"text", s.text}};
    if (s.marker) item["marker"] = true;
    segments.push_back(std::move(item));
  }
  nlohmann::json root;
  if (metadata) root["video"] = metadata_json(*metadata);
  root["transcript"] = {{"language", transcript.language},
                        {"source", to_string(transcript.source)},
                        {"track", transcript.track_name},
                        {"segments", segments}};
  return root.dump(2) + "\n";
}

}  // namespace ytm::transcript
