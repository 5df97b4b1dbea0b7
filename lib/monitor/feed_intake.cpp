#include "monitor/feed_intake.hpp"

#include <algorithm>
#include <unordered_set>

namespace ytm::monitor {

IntakeResult take_in(store::Store& store, const std::string& channel_id, const config::Channel& settings,
                     const config::ChannelFilter& filter, const std::vector<IntakeEntry>& entries, const std::string& origin,
                     UnixTime now) {
  IntakeResult result;
  auto known_list = store.known_video_ids(channel_id);
  std::unordered_set<std::string> known(known_list.begin(), known_list.end());
  bool first_time = known.empty();
  bool any_known = std::any_of(entries.begin(), entries.end(), [&](const auto& e) { return known.count(e.video_id); });
  result.gap = !first_time && !entries.empty() && !any_known && origin == "feed";

  int backfill_left = settings.backfill;
  std::vector<store::NewVideo> fresh;
  for (const auto& e : entries) {
    if (known.count(e.video_id)) continue;
    known.insert(e.video_id);
    store::NewVideo v;
    v.id = e.video_id;
    v.channel_id = channel_id;
    v.title = e.title;
    v.link = e.link;
    if (e.published > 0) v.published_at = e.published;  // a listing gives no dates: none, not 1970
    v.is_short = e.is_short;
    v.origin = first_time ? "backfill" : origin;
    auto verdict = filter.on_feed_entry(e.title, e.is_short);
    if (!verdict.keep) {
      v.state = store::VideoState::skipped;
      v.reason = verdict.reason;
    } else if (first_time && backfill_left <= 0) {
      v.state = store::VideoState::seen;
      v.reason = "already published when the channel was added (backfill " + std::to_string(settings.backfill) + ")";
    } else {
      if (first_time) --backfill_left;
      v.state = store::VideoState::queued;
    }
    fresh.push_back(std::move(v));
  }
  // One transaction per feed: a cold start over 1,000 channels is 1,000 commits, not 15,000.
  auto inserted = store.insert_videos(fresh, now);
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    if (!inserted[i]) continue;
    ++result.new_videos;
    if (fresh[i].state == store::VideoState::queued) ++result.queued;
    if (fresh[i].state == store::VideoState::skipped) ++result.skipped;
    if (fresh[i].state == store::VideoState::seen) ++result.seen;
  }
  return result;
}

}  // namespace ytm::monitor
