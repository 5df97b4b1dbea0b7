#pragma once
// What users write for a channel (in subscriptions.yaml or `ytmonitor resolve`) and the URLs built
// from it. base_url is the YouTube origin without a trailing slash (https://www.youtube.com; tests
// point it at a loopback stand-in); a trailing slash is tolerated.
#include "core/failure.hpp"
#include "core/youtube.hpp"

#include <string>
#include <string_view>

namespace ytm::feed {

struct ChannelRef {
  enum Kind { channel_id, handle, custom, user, video };
  Kind kind = channel_id;
  std::string value;  // UC…, the handle without "@" (percent-decoded), the name, or the video id

  friend bool operator==(const ChannelRef&, const ChannelRef&) = default;
};

const char* to_string(ChannelRef::Kind kind);

// Accepts UC…, @handle, and channel or video URLs with or without scheme, www. or m.:
// /@handle, /channel/UC…, /c/Name, /user/Name, /watch?v=ID, youtu.be/ID, /shorts/ID, /live/ID,
// /embed/ID, /feeds/videos.xml?channel_id=UC…. Anything else is a permanent Failure with code
// "bad_channel_ref" saying what was not understood.
Outcome<ChannelRef> parse_channel_ref(std::string_view text);

// {base}/feeds/videos.xml?channel_id=UC…
std::string feed_url(std::string_view base_url, std::string_view channel_id);
// The page whose HTML names the channel: {base}/channel/UC…, /@handle, /c/Name, /user/Name or /watch?v=ID.
std::string page_url(std::string_view base_url, const ChannelRef& ref);
// {base}/channel/UC…/videos: the full upload listing (yt-dlp --flat-playlist) for gap filling.
std::string uploads_url(std::string_view base_url, std::string_view channel_id);

}  // namespace ytm::feed
