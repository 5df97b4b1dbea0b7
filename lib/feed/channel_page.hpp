#pragma once
// Reads which channel a YouTube page belongs to, for resolving handles and URLs. A channel page
// (/@handle, /channel/UC…, /c/…, /user/…) names its channel; a watch page names the video's.
// Failure codes: "consent_page" (paused: YouTube showed its cookie consent form instead; send a
// SOCS/CONSENT cookie or use the channel id) and "page_unrecognised" (permanent: no channel id found).
#include "core/failure.hpp"

#include <string>
#include <string_view>

namespace ytm::feed {

struct ChannelPage {
  std::string channel_id;   // UC…
  std::string title;        // the channel's name, entities decoded; empty when the page does not say
  bool from_video = false;  // it was a watch page: the channel is the video's uploader
};

// Either kind of page; a watch page is recognised by its canonical /watch link or og:type video.
Outcome<ChannelPage> parse_channel_page(std::string_view html);

}  // namespace ytm::feed
