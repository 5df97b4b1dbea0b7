#pragma once
// SponsorBlock's answer for a video as the store keeps it, and what leaving segments out saved.
#include <cstdint>
#include <string>

#include "core/time.hpp"

namespace ytm::store {

struct SponsorLookup {
  std::string video_id;
  UnixTime checked_at = 0;
  std::string categories;  // comma-separated, as asked
  std::string segments;    // JSON, as lib/sponsorblock writes it
  int tokens_saved = 0;
};

// Over every video whose segments were left out of the model's work.
struct SponsorSavings {
  int videos = 0;
  std::int64_t tokens_saved = 0;
};

}  // namespace ytm::store
