#pragma once
// What the transcript part hands to the rest of the daemon: the video's metadata from yt-dlp and
// a clean, timestamped transcript. Plain data; no Asio, no JSON.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ytm::transcript {

struct Segment {
  double start = 0;  // seconds from the start of the video
  double end = 0;
  std::string text;     // entities decoded, tags removed, each spoken word once
  bool marker = false;  // "[Music]", "[Applause]": not speech
  bool turn = false;    // a speaker's turn begins here: ">>" or a "NAME:" label in the captions
  std::string speaker;  // the captions' own label of who speaks ("SARAH"); empty when they give none
};

enum class TranscriptSource { creator, automatic, whisper };

struct Transcript {
  std::vector<Segment> segments;
  std::string language;  // the track's language code: "en", "zh-Hans"
  TranscriptSource source = TranscriptSource::creator;
  std::string track_name;  // "English (auto-generated)"; the file name for a local caption file
};

struct Chapter {
  double start = 0;
  double end = 0;
  std::string title;
};

struct VideoMetadata {
  std::string id;
  std::string title;
  std::string channel;
  std::string channel_id;
  std::string upload_date;                        // YYYYMMDD as yt-dlp gives it
  std::optional<std::int64_t> timestamp;          // unix seconds of the upload, when known
  std::optional<std::int64_t> release_timestamp;  // scheduled start of a premiere or live event
  double duration = 0;                            // seconds; 0 when unknown (upcoming, live)
  std::vector<Chapter> chapters;
  std::string live_status;   // not_live, is_live, is_upcoming, was_live, post_live
  std::string availability;  // public, unlisted, private, needs_auth, subscriber_only, premium_only
  std::string language;      // the spoken language when YouTube knows it
  std::string description;
  std::vector<std::string> tags;
  std::string media_type;  // video, short, livestream
  std::optional<std::int64_t> view_count;
};

struct FetchedVideo {
  VideoMetadata metadata;
  Transcript transcript;
};

const char* to_string(TranscriptSource source);

// Whether any segment is speech (not only markers): a transcript without is no transcript to keep.
bool has_speech(const Transcript& transcript);

}  // namespace ytm::transcript
