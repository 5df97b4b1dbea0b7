#include "jobs/subscription.hpp"

namespace ytm::jobs {

config::Channel subscription_of(const store::Store& store, const config::Subscriptions& subs,
                                const std::string& channel_id) {
  for (const auto& c : subs.channels) {
    if (c.id == channel_id) return c;
    if (c.id.empty()) {
      auto alias = store.alias(c.source());
      if (alias && alias->channel_id == channel_id) return c;
    }
  }
  config::Channel fallback;
  fallback.skip_shorts = false;
  return fallback;
}

}  // namespace ytm::jobs
