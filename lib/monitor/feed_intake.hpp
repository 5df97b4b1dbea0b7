#pragma once
// What a channel's feed means for the queue: which entries are new, which of them to process,
// which only to record, and whether uploads may have slipped past the 15-entry feed.
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/time.hpp"
#include "config/channel_filter.hpp"
#include "store/store.hpp"

namespace ytm::monitor {

struct IntakeEntry {
  std::string video_id;
  std::string title;
  std::string link;
  UnixTime published = 0;
  bool is_short = false;
};

struct IntakeResult {
  int new_videos = 0;  // recorded for the first time
  int queued = 0;      // of those, to be processed
  int skipped = 0;
  int seen = 0;      // recorded only: existed before the channel was added
  bool gap = false;  // the channel has history but the feed shows none of it
};

// Records the feed's entries (newest first) for channel_id. Blocking: runs on the pool.
// A channel seen for the first time queues only its `backfill` newest entries that pass the filters.
IntakeResult take_in(store::Store& store, const std::string& channel_id, const config::Channel& settings,
                     const config::ChannelFilter& filter, const std::vector<IntakeEntry>& entries, const std::string& origin,
                     UnixTime now);

}  // namespace ytm::monitor
