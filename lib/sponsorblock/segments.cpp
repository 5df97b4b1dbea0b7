#include "sponsorblock/segments.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/hash.hpp"

namespace ytm::sponsorblock {
namespace {

using nlohmann::json;

std::string query_encoded(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// One segment of the answer, or nothing when it is not one to leave out: another category, a
// whole-video label ("full"), a point ("poi"), times that make no sense, another cut of the video.
std::optional<SponsorSegment> usable(const json& s, double duration, const std::vector<std::string>& categories) {
  if (!s.is_object()) return std::nullopt;
  const auto category = s.value("category", std::string());
  const auto action = s.value("actionType", std::string("skip"));
  if (std::find(categories.begin(), categories.end(), category) == categories.end()) return std::nullopt;
  if (action != "skip" && action != "mute") return std::nullopt;
  const auto times = s.value("segment", json::array());
  if (!times.is_array() || times.size() != 2 || !times[0].is_number() || !times[1].is_number()) return std::nullopt;
  const double start = times[0].get<double>();
  const double end = times[1].get<double>();
  if (!std::isfinite(start) || !std::isfinite(end) || start < 0 || end <= start) return std::nullopt;
  const auto submitted_for = s.value("videoDuration", 0.0);
  if (duration > 0 && submitted_for > 0 && std::abs(submitted_for - duration) > duration_tolerance_seconds) {
    return std::nullopt;
  }
  return SponsorSegment{start, duration > 0 ? std::min(end, duration) : end, category};
}

}  // namespace

std::string hash_prefix(std::string_view video_id) { return sha256_hex(video_id).substr(0, 4); }

std::string lookup_url(std::string_view base_url, std::string_view video_id,
                       const std::vector<std::string>& categories) {
  return std::string(base_url) + "/api/skipSegments/" + hash_prefix(video_id) +
         "?categories=" + query_encoded(json(categories).dump()) +
         "&actionTypes=" + query_encoded(R"(["skip","mute"])");
}

std::optional<std::vector<SponsorSegment>> read_answer(std::string_view body, std::string_view video_id,
                                                       double duration, const std::vector<std::string>& categories) {
  const json answer = json::parse(body, nullptr, false);
  if (!answer.is_array()) return std::nullopt;
  std::vector<SponsorSegment> out;
  for (const auto& video : answer) {
    if (!video.is_object() || video.value("videoID", std::string()) != video_id) continue;
    for (const auto& s : video.value("segments", json::array())) {
      if (auto segment = usable(s, duration, categories)) out.push_back(*segment);
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  return out;
}

std::string segments_json(const std::vector<SponsorSegment>& segments) { return json(segments).dump(); }

std::vector<SponsorSegment> segments_from_json(std::string_view text) {
  const json value = json::parse(text, nullptr, false);
  if (!value.is_array()) return {};
  try {
    return value.get<std::vector<SponsorSegment>>();
  } catch (const json::exception&) {
    return {};
  }
}

}  // namespace ytm::sponsorblock
