#pragma once
// YouTube's channel feed (https://www.youtube.com/feeds/videos.xml?channel_id=UC…) as plain data.
// Tolerates what the real feed does (entities, any Unicode, a feed-level id without its "UC",
// missing media:group or statistics); broken XML or a page that is not a feed is a Failure with
// code "feed_invalid" (transient: edge caches serve error pages now and then).
#include "core/failure.hpp"
#include "core/time.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ytm::feed {

struct FeedEntry {
  std::string video_id;
  std::string channel_id;  // the entry's own yt:channelId (UC…); empty when the entry has none
  std::string title;
  std::string link;              // https://www.youtube.com/watch?v=ID or …/shorts/ID
  std::string description;       // media:description; empty when absent
  std::string thumbnail;         // media:thumbnail url; empty when absent
  bool is_short = false;         // the link is a /shorts/ link (many Shorts, not all: metadata settles it)
  bool foreign_channel = false;  // uploaded by another channel than the one requested (collab)
  UnixTime published = 0;        // 0 when absent or unreadable
  UnixTime updated = 0;
  std::int64_t views = -1;       // -1: the feed gave no statistics
  std::int64_t star_count = -1;  // -1: the feed gave no star rating
};

struct Feed {
  std::string channel_id;  // the requested id, else the entries' id, else the header's (with "UC" restored)
  std::string title;
  std::string author;
  std::string channel_url;
  std::vector<FeedEntry> entries;   // in feed order: newest first
  std::size_t dropped_entries = 0;  // entries without a usable video id
};

// requested_channel_id may be empty (then the channel id comes from the feed itself).
Outcome<Feed> parse_feed(std::string_view xml, std::string_view requested_channel_id);

}  // namespace ytm::feed
