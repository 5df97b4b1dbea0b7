#include "transcript/bot_check_pause.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "transcript/classify.hpp"

namespace ytm::transcript {
namespace {

using std::chrono::seconds;

constexpr seconds probe_wait{std::chrono::minutes(1)};  // retry_after while another run is the probe

std::string hours(seconds length) {
  const auto h = std::chrono::duration_cast<std::chrono::hours>(length).count();
  return h > 0 ? std::to_string(h) + " h" : std::to_string(length.count() / 60) + " min";
}

// Only YouTube answering says the block is over: a video it calls private or removed, or one that
// worked. A network error or a timeout says nothing about it.
bool youtube_answered(const Failure* failure) {
  return failure == nullptr || failure->kind == FailureKind::permanent;
}

}  // namespace

bool is_bot_check(const Failure& failure) { return failure.code == FailureCode::bot_check; }

bool BotCheckPause::holds(UnixTime now) const {
  if (!state_) return false;
  return now < state_->until || state_->probe_since.has_value();
}

std::optional<Failure> BotCheckPause::refuse(UnixTime now) {
  if (!state_) return std::nullopt;
  auto& s = *state_;
  if (s.probe_since && now - *s.probe_since >= probe_lost.count()) s.probe_since.reset();
  if (now >= s.until && !s.probe_since) {
    s.probe_since = now;
    spdlog::info("YouTube work paused since {} after a bot check: one yt-dlp run goes through to see if it is over",
                 format_iso8601(s.since));
    return std::nullopt;
  }
  const seconds left = s.probe_since ? probe_wait : seconds(std::max<UnixTime>(s.until - now, 1));
  auto failure = Failure::paused(FailureCode::bot_check,
                                 "YouTube work is paused until " + format_iso8601(s.until) +
                                     " after YouTube's bot check (\"Sign in to confirm you're not a bot\"); "
                                     "see the pause on the status page");
  failure.retry_after = left;
  return failure;
}

void BotCheckPause::saw(const Failure* failure, UnixTime now) {
  const bool bot = failure != nullptr && is_bot_check(*failure);
  if (!state_) {
    if (!bot) return;
    state_ = BotCheckPauseState{now, now + first_length.count(), first_length, failure->message, std::nullopt};
    spdlog::warn("YouTube answered with a bot check: every yt-dlp run (videos, channel listings) pauses until {} ({})",
                 format_iso8601(state_->until), hours(first_length));
    changed("a bot check");
    return;
  }
  // Runs that began before the pause end during it: only the probe's end says anything.
  if (!state_->probe_since) return;
  auto& s = *state_;
  s.probe_since.reset();
  if (bot) {
    s.length = std::min(s.length * 2, longest);
    s.until = now + s.length.count();
    s.reason = failure->message;
    spdlog::warn("the bot check is still there: YouTube work stays paused until {} ({})", format_iso8601(s.until),
                 hours(s.length));
    changed("the bot check again");
  } else if (youtube_answered(failure)) {
    end("YouTube answered the probe");
  } else {
    spdlog::info("the probe run said nothing about the bot check ({}): the next run probes again", failure->code_text());
  }
}

void BotCheckPause::restore(BotCheckPauseState state, UnixTime now) {
  state.probe_since.reset();
  state_ = std::move(state);
  if (now < state_->until) {
    spdlog::warn("the bot-check pause of the last run holds: no yt-dlp run (videos, channel listings) until {}",
                 format_iso8601(state_->until));
  } else {
    spdlog::warn("the bot-check pause of the last run ran its course at {}: the next yt-dlp run checks whether "
                 "YouTube's block is over", format_iso8601(state_->until));
  }
  changed("the pause of the last run");
}

bool BotCheckPause::end(const std::string& why) {
  if (!state_) return false;
  state_.reset();
  spdlog::info("YouTube work resumes: {}", why);
  changed(why);
  return true;
}

}  // namespace ytm::transcript
