#pragma once
// yt-dlp's info JSON: the video's metadata and which caption tracks exist.
#include <string>
#include <string_view>
#include <vector>

#include "core/failure.hpp"
#include "transcript/types.hpp"

namespace ytm::transcript {

struct AvailableTrack {
  std::string language;  // "en", "en-orig", "zh-Hans"
  bool automatic = false;
  std::string name;  // "English (auto-generated)"
};

struct VideoInfo {
  VideoMetadata metadata;
  std::vector<AvailableTrack> tracks;  // creator tracks first, then automatic ones; no live chat
};

// A Failure "bad_info_json" (transient: yt-dlp wrote half a file) when it is not an object with an id.
Outcome<VideoInfo> parse_info_json(std::string_view content);

}  // namespace ytm::transcript
