#pragma once
// Which channel an @handle, channel URL or video URL names, read from its YouTube page: the one
// way the monitor (before a channel's first poll) and `ytmonitor resolve` ask.
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <string>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "feed/channel_page.hpp"

namespace ytm::net {
class HttpClient;
}

namespace ytm::monitor {

// A feed or channel page either starts to answer within seconds or has stalled: a stalled request
// must not hold one of the max_concurrent_fetches slots for the whole request_timeout.
inline constexpr std::chrono::milliseconds first_byte_timeout{5000};

// What an HTTP status other than 200 from YouTube means, for the log and `ytmonitor status`.
std::string describe_status(int status);

// One request for the page of `source` (with the consent cookie, so YouTube shows the page instead
// of its consent form). A failure says "cannot resolve SOURCE: why"; a source that is no channel
// reference at all is parse_channel_ref's failure ("bad_channel_ref").
boost::asio::awaitable<Outcome<feed::ChannelPage>> resolve_channel(net::HttpClient* http,
                                                                   config::YoutubeSettings youtube, std::string source);

}  // namespace ytm::monitor
