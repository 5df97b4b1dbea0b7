#pragma once
// The daemon's side of the bot-check pause that YtdlpGate keeps (transcript/bot_check_pause.hpp):
// it is shown among the pauses (status page, /api/status, `ytmonitor status`, doctor) with its end
// and its fix; it ends at once on a reload that changes the cookies (transcript.cookies_file, or
// the contents of the file yt-dlp is given) and when `ytmonitor retry` leaves its request in the
// state folder; and when it ends, the videos it held back are taken at once.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "core/blocking.hpp"
#include "store/pause_records.hpp"

namespace ytm::store {
class Store;
}
namespace ytm {
class Pauses;
}
namespace ytm::transcript {
class BotCheckPause;
}

namespace ytm::service {

class ConfigWatch;

class YoutubePause {
 public:
  YoutubePause(boost::asio::io_context& io, BlockingPool& pool, store::Store& store, Pauses& pauses,
               transcript::BotCheckPause& pause, const config::Config& config);
  ~YoutubePause();
  YoutubePause(const YoutubePause&) = delete;
  YoutubePause& operator=(const YoutubePause&) = delete;

  // Takes up the pause a previous run left, unless the cookies changed meanwhile; watches state_dir
  // for `ytmonitor retry`'s request.
  void start();
  void stop();
  // After a reload: new cookies end the pause.
  void reload(const config::Config& config);
  // Videos were made due (the pause ended, or `ytmonitor retry` asked): the workers look now.
  std::function<void()> on_resume;

 private:
  void changed(const std::string& why);
  void retry_requested();
  std::string cookies_fingerprint() const;  // the cookie file's path and a digest of its contents
  boost::asio::awaitable<void> take_held_videos(std::string why);
  void restore_saved();
  // The store follows each change, in order: one writer at a time, writing the latest state.
  void persist();
  boost::asio::awaitable<void> write_saved();
  [[nodiscard]] std::optional<store::SavedBotCheckPause> saved_state() const;
  boost::asio::awaitable<void> write_one(std::optional<store::SavedBotCheckPause> saved);

  boost::asio::io_context& io_;
  BlockingPool& pool_;
  store::Store& store_;
  Pauses& pauses_;
  transcript::BotCheckPause& pause_;
  config::Config config_;
  std::string fingerprint_;  // of the cookies when the pause began
  std::unique_ptr<ConfigWatch> watch_;
  bool stopped_ = false;
  bool dirty_ = false;
  bool writing_ = false;
};

}  // namespace ytm::service
