#pragma once
// The second yt-dlp run of a fetch: only the chosen caption track, from the info JSON the first
// run wrote, read into a transcript. Internal to ytm_transcript.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "transcript/metadata.hpp"
#include "transcript/types.hpp"
#include "transcript/ytdlp_gate.hpp"

namespace ytm::transcript {

// A track that comes back missing, empty or without a cue is "captions_blocked" (YouTube's answer
// to requests without a PO token), never a transcript without words. `warning` is the PO-token
// warning of the info run, if any. The run takes no turn at `gate` (it fetches no page) but
// tells it how it ended.
boost::asio::awaitable<Outcome<Transcript>> download_track(boost::asio::any_io_executor executor,
                                                           std::shared_ptr<YtdlpGate> gate,
                                                           config::TranscriptSettings settings,
                                                           std::filesystem::path folder,
                                                           std::filesystem::path info_json, AvailableTrack track,
                                                           std::string warning);

}  // namespace ytm::transcript
