#pragma once
// A video's SponsorBlock segments: from the store when looked up within a day with the same
// categories, else asked once with sponsorblock.timeout. SponsorBlock being down, slow or odd never
// fails the video: the report says it was unavailable and the video goes on without segments.
#include <boost/asio/awaitable.hpp>

#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/time.hpp"
#include "pipeline/input.hpp"
#include "pipeline/sponsor_report.hpp"

namespace ytm {
class BlockingPool;
}
namespace ytm::net {
class HttpClient;
}
namespace ytm::store {
class Store;
}

namespace ytm::sponsorblock {

inline constexpr std::int64_t recheck_after_seconds = 24 * 3600;
inline constexpr std::size_t max_answer_bytes = std::size_t{2} << 20;

boost::asio::awaitable<pipeline::SponsorReport> look_up(BlockingPool* pool, store::Store* store, net::HttpClient* http,
                                                        config::SponsorblockSettings settings, std::string video_id,
                                                        double duration, UnixTime now);

// `skip`: the caption segments lying mostly inside a sponsor segment are taken out of the input, so
// neither the translation nor the summary sees them; the report counts their tokens.
void apply(pipeline::SponsorReport& report, std::vector<pipeline::Segment>& segments);

}  // namespace ytm::sponsorblock
