#include "transcript/tracks.hpp"

#include <algorithm>

namespace ytm::transcript {
namespace {

bool is_orig(std::string_view language) { return language.ends_with("-orig"); }

std::string_view base_of_orig(std::string_view language) { return language.substr(0, language.size() - 5); }

std::string_view primary_of(std::string_view language) { return language.substr(0, language.find('-')); }

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

bool is_translation(const AvailableTrack& track, const VideoInfo& info) {
  if (!track.automatic || is_orig(track.language)) return false;
  // Exact codes only: "en-de" begins like "en" but is a translation from German.
  const auto spoken = spoken_language(info);
  return spoken.empty() || (track.language != spoken && track.language != primary_of(spoken));
}

std::optional<AvailableTrack> choose_track(const VideoInfo& info, const std::vector<std::string>& preferences) {
  // yt-dlp lists creator tracks first: of the same language code, the creator's wins.
  auto first = [&](auto&& accept) -> std::optional<AvailableTrack> {
    for (const auto& t : info.tracks)
      if (!is_translation(t, info) && accept(t)) return t;
    return std::nullopt;
  };
  const auto spoken = spoken_language(info);
  const auto primary = std::string(primary_of(spoken));
  if (auto t = first([&](const AvailableTrack& t) { return !t.automatic && language_matches(t.language, spoken); }))
    return t;
  if (auto t = first([&](const AvailableTrack& t) { return !t.automatic && language_matches(t.language, primary); }))
    return t;
  if (auto t = first([&](const AvailableTrack& t) { return t.automatic && is_orig(t.language); })) return t;
  if (auto t = first([&](const AvailableTrack& t) { return t.automatic; })) return t;  // the spoken language's own
  for (const auto& wanted : preferences)
    if (auto t = first([&](const AvailableTrack& t) { return !t.automatic && language_matches(t.language, wanted); }))
      return t;
  return first([](const AvailableTrack& t) { return !t.automatic; });
}

std::string sub_langs_argument(const AvailableTrack& track) {
  std::string value;
  for (char c : track.language) {
    if (std::string_view(".^$*+?()[]{}|\\").find(c) != std::string_view::npos) value += '\\';
    value += c;
  }
  return value;
}

}  // namespace ytm::transcript
