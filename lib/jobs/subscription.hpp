#pragma once
// The subscription a channel's videos are worked with: found by the channel's id, or by the id its
// @handle or URL resolved to. Plain, blocking (the store).
#include <string>

#include "config/config.hpp"
#include "store/store.hpp"

namespace ytm::jobs {

// The channel's entry in the subscription list, for its filters, language and profile; defaults for
// a channel nobody subscribed to (a video given to `ytmonitor process`).
config::Channel subscription_of(const store::Store& store, const config::Subscriptions& subs,
                                const std::string& channel_id);

}  // namespace ytm::jobs
