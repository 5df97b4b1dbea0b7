#pragma once
// Which caption track to use, chosen from the tracks the info JSON lists, and how to ask yt-dlp
// for that one alone.
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

// Whether a track is YouTube's machine translation: every automatic track except the speech as
// recognised ("LANG-orig", or the spoken language's own code), e.g. "en" on a Chinese video or
// "en-de" (English from the German creator track). YouTube answers those with HTTP 429, and they
// are a translation we would translate again.
bool is_translation(const AvailableTrack& track, const VideoInfo& info);

// Best first: creator captions in the spoken language; the "-orig" automatic track (the speech
// as recognised); automatic captions in the spoken language; creator captions in the user's
// preference order; any other creator track. Never a machine translation.
std::optional<AvailableTrack> choose_track(const VideoInfo& info, const std::vector<std::string>& preferences);

// The --sub-langs value that matches this track's language and no other (yt-dlp reads it as a
// regular expression).
std::string sub_langs_argument(const AvailableTrack& track);

}  // namespace ytm::transcript
