#include "service/youtube_pause.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "core/hash.hpp"
#include "core/spawn.hpp"
#include "core/pauses.hpp"
#include "service/config_watch.hpp"
#include "status/daemon_health.hpp"
#include "store/store.hpp"
#include "transcript/bot_check_pause.hpp"
#include "transcript/classify.hpp"
#include "transcript/fetch.hpp"

namespace ytm::service {
namespace {

constexpr const char* pause_fix =
    "YouTube blocks this address or session for a while. Export the cookies of a signed-in YouTube account to a "
    "file, set transcript.cookies_file to it and reload; or run a PO-token provider (bgutil-ytdlp-pot-provider); "
    "`ytmonitor retry --failed` tries again at once. See docs/troubleshooting.md, \"Bot checks\"";

std::string pause_reason(const transcript::BotCheckPauseState& s) {
  const auto length = std::chrono::duration_cast<std::chrono::hours>(s.length).count();
  return "YouTube answered yt-dlp with its bot check (\"Sign in to confirm you're not a bot\") at " +
         format_iso8601(s.since) + ". No yt-dlp run (video fetches, channel listings) until then; then one run " +
         "checks whether the block is over, and the pause doubles (now " + std::to_string(length) +
         " h, at most 48 h) while it is not.";
}

}  // namespace

YoutubePause::YoutubePause(boost::asio::io_context& io, BlockingPool& pool, store::Store& store,
                           Pauses& pauses, transcript::BotCheckPause& pause, const config::Config& config)
    : io_(io), pool_(pool), store_(store), pauses_(pauses), pause_(pause), config_(config) {
  pause_.on_change = [this](const std::string& why) { changed(why); };
}

YoutubePause::~YoutubePause() {
  stop();
  pause_.on_change = nullptr;
}

void YoutubePause::start() {
  std::error_code ec;
  // A request left while the daemon was down has nothing to end: what it queued is queued, and
  // `ytmonitor retry` ended the saved pause itself.
  std::filesystem::remove(status::retry_request_file(config_.state_dir), ec);
  restore_saved();
  watch_ = std::make_unique<ConfigWatch>(io_, std::vector{status::retry_request_file(config_.state_dir)},
                                         [this] { retry_requested(); });
  watch_->start();
}

void YoutubePause::restore_saved() {
  const auto saved = store_.bot_check_pause();  // at start-up, before any work is waiting on the pool
  if (!saved) return;
  fingerprint_ = saved->cookies;
  pause_.restore({saved->since, saved->until, std::chrono::seconds(saved->length_seconds), saved->reason, std::nullopt},
                 now_unix());
  if (cookies_fingerprint() != fingerprint_) {
    pause_.end("the cookie file " + transcript::cookies_for(config_.transcript) + " changed while ytmonitor was stopped");
  }
}

void YoutubePause::stop() {
  stopped_ = true;
  if (watch_) watch_->stop();
}

void YoutubePause::reload(const config::Config& config) {
  const bool other_file = transcript::cookies_for(config.transcript) != transcript::cookies_for(config_.transcript);
  config_ = config;
  if (!pause_.state()) return;
  if (other_file) {
    pause_.end("transcript.cookies_file changed");
  } else if (cookies_fingerprint() != fingerprint_) {
    pause_.end("the cookie file " + transcript::cookies_for(config_.transcript) + " changed");
  }
}

void YoutubePause::retry_requested() {
  std::error_code ec;
  if (!std::filesystem::remove(status::retry_request_file(config_.state_dir), ec)) return;
  spdlog::info("ytmonitor retry: videos were queued again");
  if (!pause_.end("ytmonitor retry asked to try again") && on_resume) on_resume();
}

std::string YoutubePause::cookies_fingerprint() const {
  const auto file = transcript::cookies_for(config_.transcript);
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return file + ":" + sha256_hex(text.str());
}

void YoutubePause::changed(const std::string& why) {
  const auto& state = pause_.state();
  if (state) {
    if (fingerprint_.empty()) fingerprint_ = cookies_fingerprint();  // as the pause began
    Pause shown{youtube_stage, std::string(to_string(FailureCode::bot_check)), pause_reason(*state),
                      state->until, pause_fix, false};
    pauses_.set(std::move(shown));
    persist();
    return;
  }
  fingerprint_.clear();
  pauses_.clear(youtube_stage, std::string(to_string(FailureCode::bot_check)));
  persist();
  if (!stopped_) spawn_logged(io_.get_executor(), take_held_videos(why), "taking the videos a bot check held back");
}

boost::asio::awaitable<void> YoutubePause::take_held_videos(std::string why) {
  const auto now = now_unix();
  const int due = co_await pool_.run([this, now] { return store_.retry_now(FailureCode::bot_check, now); });
  if (due > 0) spdlog::info("{} video(s) held back by the bot check are taken now ({})", due, why);
  if (on_resume) on_resume();
}

void YoutubePause::persist() {
  dirty_ = true;
  if (writing_) return;
  writing_ = true;
  spawn_logged(io_.get_executor(), write_saved(), "keeping the bot-check pause");
}

// The state goes to write_one as a parameter: an optional captured by value in a lambda straight
// into co_await was destroyed twice by GCC 12 (bug 107288).
boost::asio::awaitable<void> YoutubePause::write_saved() {
  while (dirty_) {
    dirty_ = false;
    co_await write_one(saved_state());
  }
  writing_ = false;
}

std::optional<store::SavedBotCheckPause> YoutubePause::saved_state() const {
  const auto& s = pause_.state();
  if (!s) return std::nullopt;
  return store::SavedBotCheckPause{s->since, s->until, s->length.count(), s->reason, fingerprint_};
}

boost::asio::awaitable<void> YoutubePause::write_one(std::optional<store::SavedBotCheckPause> saved) {
  co_await pool_.run([this, &saved] {
    try {
      store_.save_bot_check_pause(saved);
    } catch (const std::exception& e) {  // the pause still holds in memory; a restart would not know it
      spdlog::error("the bot-check pause could not be kept in the database: {}", e.what());
    }
  });
}

}  // namespace ytm::service
