// A channel's uploads listed through yt-dlp, for what its feed does not show: the feed holds only
// the 15 newest uploads, so when a channel with history shows none we know (after downtime, or a
// burst of uploads) its uploads are listed back to the newest known one; and while YouTube's feeds
// fail for every channel, each channel's newest uploads are listed instead of its feed.
#include <spdlog/spdlog.h>

#include <sstream>
#include <unordered_set>

#include "core/youtube.hpp"
#include "feed/channel_ref.hpp"
#include "monitor/feed_intake.hpp"
#include "monitor/monitor.hpp"
#include "monitor/slot.hpp"
#include "process/process.hpp"
#include "transcript/classify.hpp"
#include "transcript/fetch.hpp"
#include "transcript/ytdlp_gate.hpp"

namespace ytm::monitor {

namespace asio = boost::asio;

namespace {

constexpr int gap_listing_size = 100;

// Lines "ID<TAB>TITLE", newest first, up to the first id we knew before this poll (the feed's own
// entries were just recorded and are passed over).
std::vector<IntakeEntry> unseen_uploads(const std::string& listing, const std::unordered_set<std::string>& known,
                                        const std::unordered_set<std::string>& in_feed, const std::string& base_url) {
  std::vector<IntakeEntry> out;
  std::istringstream lines(listing);
  std::string line;
  while (std::getline(lines, line)) {
    auto tab = line.find('\t');
    std::string id = line.substr(0, tab);
    if (!is_video_id(id) || in_feed.count(id)) continue;
    if (known.count(id)) break;
    IntakeEntry e;
    e.video_id = id;
    e.title = tab == std::string::npos ? std::string() : line.substr(tab + 1);
    e.link = std::string(base_url).append("/watch?v=").append(id);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

asio::awaitable<Outcome<IntakeResult>> Monitor::take_listing(Slot* slot, int newest, std::string origin,
                                                             std::unordered_set<std::string> in_feed) {
  const auto& t = config_.transcript;
  auto turn = co_await gate_->turn(io_.get_executor());
  if (!turn) co_return turn.failure();  // YouTube work is paused: nothing is asked
  process::ProcessSpec spec;
  spec.argv = transcript::ytdlp_listing_argv(t, feed::uploads_url(config_.youtube.base_url, slot->channel_id), newest);
  spec.timeout = t.timeout;
  auto result = co_await process::run_process(io_.get_executor(), spec);
  std::optional<Failure> failure;
  if (!result) {
    failure = result.failure();
  } else if (!result->succeeded()) {
    failure = transcript::classify_ytdlp_failure(
        {result->exit_code, result->err, result->timed_out, !t.cookies_file.empty(), now_unix()});
  }
  gate_->saw(failure ? &*failure : nullptr);
  if (failure && result) failure->message = "yt-dlp " + process::describe_end(*result);  // what it said
  if (failure) co_return *failure;
  auto id = slot->channel_id;
  auto known_list = co_await pool_.run([&] { return store_.known_video_ids(id); });
  std::unordered_set<std::string> known(known_list.begin(), known_list.end());
  auto entries = unseen_uploads(result->out, known, in_feed, config_.youtube.base_url);
  auto settings = slot->settings;
  auto intake =
      co_await pool_.run([&] { return take_in(store_, id, settings, slot->filter, entries, origin, now_unix()); });
  co_return intake;
}

asio::awaitable<void> Monitor::fill_gap(Slot* slot, std::unordered_set<std::string> in_feed) {
  spdlog::info("channel {}: none of the feed's videos is one we know; listing uploads to find what the feed dropped",
               slot->settings.source());
  auto intake = co_await take_listing(slot, gap_listing_size, "gap", std::move(in_feed));
  if (!intake) {
    spdlog::warn("channel {}: could not list uploads to fill the gap ({}); only the feed's videos are recorded",
                 slot->settings.source(), intake.failure().message);
    co_return;
  }
  spdlog::info("channel {}: gap listing found {} video(s) the feed no longer shows, {} queued", slot->settings.source(),
               intake->new_videos, intake->queued);
}

}  // namespace ytm::monitor
