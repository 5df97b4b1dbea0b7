#include "transcript/fetched_json.hpp"

#include <nlohmann/json.hpp>

namespace ytm::transcript {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Segment, start, end, text, marker, turn, speaker)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Chapter, start, end, title)

namespace {

template <class T>
nlohmann::json optional_json(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

template <class T>
std::optional<T> optional_from(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return j[key].get<T>();
}

}  // namespace

nlohmann::json fetched_to_json(const FetchedVideo& v) {
  const auto& m = v.metadata;
  nlohmann::json meta{{"id", m.id},
                      {"title", m.title},
                      {"channel", m.channel},
                      {"channel_id", m.channel_id},
                      {"upload_date", m.upload_date},
                      {"timestamp", optional_json(m.timestamp)},
                      {"release_timestamp", optional_json(m.release_timestamp)},
                      {"duration", m.duration},
                      {"chapters", m.chapters},
                      {"live_status", m.live_status},
                      {"availability", m.availability},
                      {"language", m.language},
                      {"description", m.description},
                      {"tags", m.tags},
                      {"media_type", m.media_type},
                      {"view_count", optional_json(m.view_count)}};
  nlohmann::json transcript{{"segments", v.transcript.segments},
                            {"language", v.transcript.language},
                            {"source", to_string(v.transcript.source)},
                            {"track_name", v.transcript.track_name}};
  return nlohmann::json{{"metadata", meta}, {"transcript", transcript}};
}

FetchedVideo fetched_from_json(const nlohmann::json& j) {
  FetchedVideo v;
  const auto& m = j.at("metadata");
  auto& out = v.metadata;
  out.id = m.value("id", "");
  out.title = m.value("title", "");
  out.channel = m.value("channel", "");
  out.channel_id = m.value("channel_id", "");
  out.upload_date = m.value("upload_date", "");
  out.timestamp = optional_from<std::int64_t>(m, "timestamp");
  out.release_timestamp = optional_from<std::int64_t>(m, "release_timestamp");
  out.duration = m.value("duration", 0.0);
  out.chapters = m.value("chapters", std::vector<Chapter>{});
  out.live_status = m.value("live_status", "");
  out.availability = m.value("availability", "");
  out.language = m.value("language", "");
  out.description = m.value("description", "");
  out.tags = m.value("tags", std::vector<std::string>{});
  out.media_type = m.value("media_type", "");
  out.view_count = optional_from<std::int64_t>(m, "view_count");
  const auto& t = j.at("transcript");
  v.transcript.segments = t.value("segments", std::vector<Segment>{});
  v.transcript.language = t.value("language", "");
  auto source = t.value("source", "creator");
  v.transcript.source = source == "automatic" ? TranscriptSource::automatic
                        : source == "whisper" ? TranscriptSource::whisper
                                              : TranscriptSource::creator;
  v.transcript.track_name = t.value("track_name", "");
  return v;
}

}  // namespace ytm::transcript
