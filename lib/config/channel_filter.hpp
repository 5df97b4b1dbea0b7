#pragma once
// A subscription's filters, compiled once per config load. Title and Shorts filters apply as soon
// as the feed shows a video; duration and live filters once its metadata is known.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "config/title_pattern.hpp"
#include "core/failure_code.hpp"

namespace ytm::config {

// Why a subscription's filters leave a video out; stored as the skipped video's code.
enum class SkipCode { filtered_title, is_short, too_short, live };
std::string_view to_string(SkipCode code);  // "filtered_title", "short", "too_short", "live"

struct FilterVerdict {
  bool keep = true;
  SkipCode code = SkipCode::filtered_title;  // when not kept
  std::string reason;                        // why, in words, for status
};

class ChannelFilter {
 public:
  explicit ChannelFilter(const config::Channel& channel);

  [[nodiscard]] FilterVerdict on_feed_entry(const std::string& title, bool is_short) const;
  [[nodiscard]] FilterVerdict on_metadata(std::chrono::seconds duration, const std::string& live_status,
                                    const std::string& media_type) const;
  // yt-dlp may end with the video live, upcoming or just ended (failure codes live_now, upcoming,
  // post_live) before any metadata is read: with skip_live that is a skip, not a wait.
  [[nodiscard]] FilterVerdict on_live_failure(FailureCode failure_code) const;

 private:
  config::Channel channel_;
  config::TitlePattern include_;
  config::TitlePattern exclude_;
};

}  // namespace ytm::config
