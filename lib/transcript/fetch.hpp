#pragma once
// The transcript part's entry point: one yt-dlp run (own temp folder, timeout, killed on cancel)
// for the metadata and the best caption track, whisper.cpp when there are no captions, and every
// outcome that is not a transcript as a Failure (codes in classify.hpp).
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "transcript/types.hpp"

namespace ytm::transcript {

// `video` is an 11-character id or a YouTube URL (watch, youtu.be, shorts, live, embed).
boost::asio::awaitable<Outcome<FetchedVideo>> fetch_video(boost::asio::any_io_executor executor,
                                                          const config::TranscriptSettings& settings,
                                                          std::string_view video);

// The id in an id or URL; nullopt when it is neither.
std::optional<std::string> video_id_from(std::string_view video);

// The yt-dlp command line for one fetch into `folder`.
std::vector<std::string> ytdlp_argv(const config::TranscriptSettings& settings, const std::string& video_id,
                                    const std::filesystem::path& folder);

struct YtdlpVersion {
  std::string version;    // "2025.10.22"
  int age_days = -1;      // from the date in the version; -1 when it has none
  bool outdated = false;  // older than 90 days: YouTube changes faster than that
  std::string advice;     // what to do about it; empty when all is well
};

// Runs `yt-dlp --version`; for status and start-up checks.
boost::asio::awaitable<Outcome<YtdlpVersion>> check_ytdlp(boost::asio::any_io_executor executor,
                                                          const config::TranscriptSettings& settings);

}  // namespace ytm::transcript
