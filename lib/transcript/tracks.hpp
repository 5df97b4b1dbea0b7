#pragma once
// Which caption track to use, and which to ask yt-dlp for.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "transcript/metadata.hpp"

namespace ytm::transcript {

// "en" matches "en", "en-US", "en-GB"; "zh-Hans" matches "zh-Hans" and "zh-Hans-CN".
bool language_matches(std::string_view track, std::string_view wanted);

// The spoken language: the video's own, else the one its "-orig" automatic track names.
std::string spoken_language(const VideoInfo& info);

// Best first: creator captions in the spoken language; the "-orig" automatic track (the speech
// as recognised, not a translation); automatic captions in the spoken language; creator captions
// in the user's preference order; machine translations in that order; any other creator track.
// Only tracks `usable` accepts (e.g. the files yt-dlp actually wrote) are considered.
std::optional<AvailableTrack> choose_track(const VideoInfo& info, const std::vector<std::string>& preferences,
                                           const std::vector<std::string>& usable);

// The --sub-langs value: the preferences and their regional variants, every "-orig" track, no live chat.
std::string sub_langs_argument(const std::vector<std::string>& preferences);

}  // namespace ytm::transcript
