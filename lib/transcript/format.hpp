#pragma once
// A transcript as people and scripts read it: "[mm:ss] text" lines, or JSON.
#include <string>
#include <vector>

#include "transcript/types.hpp"

namespace ytm::transcript {

// "07:05" under an hour, "1:02:03" from then on.
std::string format_timestamp(double seconds);

// One "[mm:ss] text" line per segment; markers as they are written ("[03:10] [Music]").
std::string format_transcript_lines(const std::vector<Segment>& segments);

// {"video": {...metadata...}, "transcript": {"language", "source", "track", "segments": [{start, end, text, marker}]}}
// ("video" only when given), pretty-printed.
std::string to_json_text(const Transcript& transcript, const VideoMetadata* metadata = nullptr);

}  // namespace ytm::transcript
