#include "transcript/metadata.hpp"

#include <nlohmann/json.hpp>

#include "core/utf8.hpp"
#include "transcript/parse.hpp"

namespace ytm::transcript {
namespace {

using nlohmann::json;

std::string string_field(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Counts and times as yt-dlp writes them; a value no video has (1e300, a negative count) is
// treated as absent, so later conversions to whole numbers cannot overflow.
std::optional<std::int64_t> integer_field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  const double value = it->get<double>();
  if (!(value >= -1e15 && value <= 1e15)) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

double number_field(const json& j, const char* key) {  // seconds: at most about 30 years
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return 0.0;
  const double value = it->get<double>();
  return value >= 0 && value <= 1e9 ? value : 0.0;
}

std::vector<Chapter> chapters_of(const json& info) {
  std::vector<Chapter> chapters;
  auto it = info.find("chapters");
  if (it == info.end() || !it->is_array()) return chapters;
  for (const auto& c : *it) {
    if (!c.is_object()) continue;
    chapters.push_back({number_field(c, "start_time"), number_field(c, "end_time"), string_field(c, "title")});
  }
  return chapters;
}

void add_tracks(const json& info, const char* key, bool automatic, std::vector<AvailableTrack>& tracks) {
  auto it = info.find(key);
  if (it == info.end() || !it->is_object()) return;
  for (const auto& [language, formats] : it->items()) {
    if (language == "live_chat" || language == "rechat") continue;
    std::string name;
    if (formats.is_array() && !formats.empty() && formats.front().is_object())
      name = string_field(formats.front(), "name");
    tracks.push_back({language, automatic, name});
  }
}

}  // namespace

Outcome<VideoInfo> parse_info_json(std::string_view content) {
  json info;
  try {
    info = json::parse(valid_utf8(content));
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1e400
    return Failure::transient(FailureCode::bad_info_json, "yt-dlp's info JSON is not valid JSON: " + json_error_text(e));
  }
  if (!info.is_object() || string_field(info, "id").empty())
    return Failure::transient(FailureCode::bad_info_json, "yt-dlp's info JSON has no video id");
  VideoInfo out;
  auto& m = out.metadata;
  m.id = string_field(info, "id");
  m.title = string_field(info, "title");
  m.channel = string_field(info, "channel");
  if (m.channel.empty()) m.channel = string_field(info, "uploader");
  m.channel_id = string_field(info, "channel_id");
  m.upload_date = string_field(info, "upload_date");
  m.timestamp = integer_field(info, "timestamp");
  m.release_timestamp = integer_field(info, "release_timestamp");
  m.duration = number_field(info, "duration");
  m.chapters = chapters_of(info);
  m.live_status = string_field(info, "live_status");
  m.availability = string_field(info, "availability");
  m.language = string_field(info, "language");
  m.description = string_field(info, "description");
  m.media_type = string_field(info, "media_type");
  m.view_count = integer_field(info, "view_count");
  if (auto tags = info.find("tags"); tags != info.end() && tags->is_array()) {
    for (const auto& t : *tags)
      if (t.is_string()) m.tags.push_back(t.get<std::string>());
  }
  add_tracks(info, "subtitles", false, out.tracks);
  add_tracks(info, "automatic_captions", true, out.tracks);
  return out;
}

}  // namespace ytm::transcript
