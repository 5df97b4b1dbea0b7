#pragma once
// The fallback for videos without captions: audio with yt-dlp, 16 kHz mono WAV with ffmpeg,
// whisper.cpp's JSON back into segments. Internal to ytm_transcript.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <filesystem>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "transcript/types.hpp"

namespace ytm::transcript {

[[nodiscard]] bool whisper_configured(const config::WhisperSettings& whisper);

// `info_json` is the file the first yt-dlp run wrote, so the audio run skips the page fetch.
boost::asio::awaitable<Outcome<Transcript>> transcribe_with_whisper(boost::asio::any_io_executor executor,
                                                                    config::TranscriptSettings settings,
                                                                    std::filesystem::path folder,
                                                                    std::filesystem::path info_json,
                                                                    VideoMetadata metadata);

// A process failure (e.g. "command_missing") with the setting that names the command added.
Failure with_setting(Failure failure, const char* setting);

}  // namespace ytm::transcript
