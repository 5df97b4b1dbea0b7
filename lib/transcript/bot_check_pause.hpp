#pragma once
// The pause of all YouTube work that a bot check ("Sign in to confirm you're not a bot") starts:
// YouTube has blocked the session, not one video, and each further request only prolongs the block.
// No yt-dlp run for an hour; then one run goes through as a probe. If the probe meets the bot check
// too, the pause doubles (up to 48 h, about as long as such a block lasts); if YouTube answers it,
// the pause is over. A change the user makes (cookies, `ytmonitor retry`) ends it at once.
// Bookkeeping only, on the io thread: YtdlpGate asks it before each turn and tells it each run's end.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "core/failure.hpp"
#include "core/time.hpp"

namespace ytm::transcript {

struct BotCheckPauseState {
  UnixTime since = 0;  // the bot check that began it
  UnixTime until = 0;  // from then on one run may go through as the probe
  std::chrono::seconds length{0};
  std::string reason;                   // what yt-dlp said, the last time
  std::optional<UnixTime> probe_since;  // a probe is out: no other run until it has ended
};

class BotCheckPause {
 public:
  static constexpr std::chrono::seconds first_length{std::chrono::hours(1)};
  static constexpr std::chrono::seconds longest{std::chrono::hours(48)};
  // A probe that has not ended after this long (its run never reported back) is given up.
  static constexpr std::chrono::seconds probe_lost{std::chrono::minutes(15)};

  // Whether a run may go now: nullopt (the probe, when a pause has run its course), or the paused
  // failure that holds it back, with retry_after set to what is left of the pause.
  std::optional<Failure> refuse(UnixTime now);
  // Like refuse, without taking the probe: for a quick no before waiting for a turn.
  [[nodiscard]] bool holds(UnixTime now) const;
  // How a run ended (nullptr: it worked).
  void saw(const Failure* failure, UnixTime now);
  // The user changed what YouTube sees (cookies) or asked to try again: over now. False if there was
  // no pause.
  bool end(const std::string& why);
  // The pause a previous run left (its probe, if one was out, died with that run).
  void restore(BotCheckPauseState state, UnixTime now);

  [[nodiscard]] const std::optional<BotCheckPauseState>& state() const { return state_; }
  // After the pause began, grew or ended; `why` says which ("a bot check", "the probe worked", …).
  std::function<void(const std::string& why)> on_change;

 private:
  void changed(const std::string& why) {
    if (on_change) on_change(why);
  }

  std::optional<BotCheckPauseState> state_;
};

// "Sign in to confirm you’re not a bot" and its kin, as classify_ytdlp_failure reports them.
bool is_bot_check(const Failure& failure);

}  // namespace ytm::transcript
