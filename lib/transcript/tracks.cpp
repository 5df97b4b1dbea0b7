#include "transcript/tracks.hpp"

#include <algorithm>

namespace ytm::transcript {
namespace {

bool is_orig(std::string_view language) { return language.ends_with("-orig"); }

std::string_view base_of_orig(std::string_view language) { return language.substr(0, language.size() - 5); }

}  // namespace

bool language_matches(std::string_view track, std::string_view wanted) {
  if (wanted.empty() || is_orig(track)) return false;
  return track == wanted || (track.starts_with(wanted) && track.size() > wanted.size() && track[wanted.size()] == '-');
}

std::string spoken_language(const VideoInfo& info) {
  if (!info.metadata.language.empty()) return info.metadata.language;
  for (const auto& t : info.tracks)
    if (t.automatic && is_orig(t.language)) return std::string(base_of_orig(t.language));
  return {};
}

std::optional<AvailableTrack> choose_track(const VideoInfo& info, const std::vector<std::string>& preferences,
                                           const std::vector<std::string>& usable) {
  std::vector<const AvailableTrack*> candidates;
  for (const auto& t : info.tracks)
    if (std::find(usable.begin(), usable.end(), t.language) != usable.end()) candidates.push_back(&t);
  // yt-dlp writes a creator track over an automatic one of the same language code.
  auto first = [&](auto&& accept) -> std::optional<AvailableTrack> {
    for (const auto* t : candidates)
      if (accept(*t)) return *t;
    return std::nullopt;
  };
  const auto spoken = spoken_language(info);
  auto primary = spoken.substr(0, spoken.find('-'));
  if (auto t = first([&](const AvailableTrack& t) { return !t.automatic && language_matches(t.language, spoken); }))
    return t;
  if (auto t = first([&](const AvailableTrack& t) { return !t.automatic && language_matches(t.language, primary); }))
    return t;
  if (auto t = first([&](const AvailableTrack& t) { return t.automatic && is_orig(t.language); })) return t;
  if (auto t = first([&](const AvailableTrack& t) { return t.automatic && language_matches(t.language, spoken); }))
    return t;
  for (const auto& wanted : preferences)
    if (auto t = first([&](const AvailableTrack& t) { return !t.automatic && language_matches(t.language, wanted); }))
      return t;
  for (const auto& wanted : preferences)
    if (auto t = first([&](const AvailableTrack& t) { return t.automatic && language_matches(t.language, wanted); }))
      return t;
  return first([](const AvailableTrack& t) { return !t.automatic; });
}

std::string sub_langs_argument(const std::vector<std::string>& preferences) {
  std::string value;
  for (const auto& p : preferences) {
    if (p.empty()) continue;
    value.append(p).append(",").append(p).append("-.*,");
  }
  return value + ".*-orig,-live_chat";
}

}  // namespace ytm::transcript
