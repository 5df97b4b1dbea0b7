#pragma once
// One yt-dlp run of a video fetch (the info, then the chosen track). Internal to ytm_transcript.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "process/process.hpp"
#include "transcript/ytdlp_gate.hpp"

namespace ytm::transcript {

// Runs `argv` in `folder` with transcript.timeout: the result when yt-dlp exited 0, else the
// Failure its message says (classify.hpp). `gate` hears how it ended; the turn is the caller's.
boost::asio::awaitable<Outcome<process::ProcessResult>> run_ytdlp(boost::asio::any_io_executor executor,
                                                                  std::shared_ptr<YtdlpGate> gate,
                                                                  config::TranscriptSettings settings,
                                                                  std::vector<std::string> argv,
                                                                  std::filesystem::path folder);

}  // namespace ytm::transcript
