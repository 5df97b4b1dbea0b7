#include "config/channel_filter.hpp"

#include "core/duration.hpp"

namespace ytm::config {
namespace {

FilterVerdict drop(SkipCode code, std::string reason) { return FilterVerdict{false, code, std::move(reason)}; }

constexpr const char* live_reason = "a livestream or premiere, and skip_live is on";

}  // namespace

std::string_view to_string(SkipCode code) {
  switch (code) {
    case SkipCode::filtered_title: return "filtered_title";
    case SkipCode::is_short: return "short";
    case SkipCode::too_short: return "too_short";
    case SkipCode::live: return "live";
  }
  return "filtered";
}

ChannelFilter::ChannelFilter(const config::Channel& channel)
    : channel_(channel), include_(channel.include), exclude_(channel.exclude) {}

FilterVerdict ChannelFilter::on_feed_entry(const std::string& title, bool is_short) const {
  if (!include_.empty() && !include_.found_in(title)) {
    return drop(SkipCode::filtered_title, "title does not match include /" + channel_.include + "/");
  }
  if (exclude_.found_in(title)) {
    return drop(SkipCode::filtered_title, "title matches exclude /" + channel_.exclude + "/");
  }
  if (is_short && channel_.skip_shorts) return drop(SkipCode::is_short, "a Short, and skip_shorts is on");
  return {};
}

FilterVerdict ChannelFilter::on_metadata(std::chrono::seconds duration, const std::string& live_status,
                                   const std::string& media_type) const {
  if (channel_.skip_shorts && media_type == "short") return drop(SkipCode::is_short, "a Short, and skip_shorts is on");
  bool live = live_status == "is_live" || live_status == "was_live" || live_status == "is_upcoming" ||
              live_status == "post_live" || media_type == "livestream";
  if (channel_.skip_live && live) return drop(SkipCode::live, live_reason);
  if (duration.count() > 0 && duration < channel_.min_duration) {
    return drop(SkipCode::too_short,
                "shorter (" + format_clock(duration) + ") than min_duration " + format_duration(channel_.min_duration));
  }
  return {};
}

FilterVerdict ChannelFilter::on_live_failure(FailureCode failure_code) const {
  bool live = failure_code == FailureCode::live_now || failure_code == FailureCode::upcoming ||
              failure_code == FailureCode::post_live;
  if (channel_.skip_live && live) return drop(SkipCode::live, live_reason);
  return {};
}

}  // namespace ytm::config
