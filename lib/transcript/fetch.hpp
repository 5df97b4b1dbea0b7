#pragma once
// The transcript part's entry point: a yt-dlp run (own temp folder, timeout, killed on cancel) for
// the video's info, the caption track chosen from it (tracks.hpp), a second run that downloads
// only that track from the info JSON (no second page fetch), whisper.cpp when there are no
// captions, and every outcome that is not a transcript as a Failure (codes in classify.hpp).
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "core/youtube.hpp"
#include "transcript/types.hpp"
#include "transcript/ytdlp_gate.hpp"

namespace ytm::transcript {

// `video` is an 11-character id or a YouTube URL (watch, youtu.be, shorts, live, embed). The run
// waits for its turn at `gate`.
boost::asio::awaitable<Outcome<FetchedVideo>> fetch_video(boost::asio::any_io_executor executor,
                                                          std::shared_ptr<YtdlpGate> gate,
                                                          config::TranscriptSettings settings, std::string video);

// The yt-dlp command line that writes the video's info JSON into `folder` (no captions).
std::vector<std::string> ytdlp_argv(const config::TranscriptSettings& settings, const std::string& video_id,
                                    const std::filesystem::path& folder);

// The yt-dlp command line that writes the caption track `language` (automatic or the creator's)
// into `folder` from the info JSON the first run wrote, and nothing else.
std::vector<std::string> ytdlp_track_argv(const config::TranscriptSettings& settings,
                                          const std::filesystem::path& info_json, const std::string& language,
                                          bool automatic, const std::filesystem::path& folder);

// The yt-dlp command line that lists a channel's `newest` uploads at `url` as lines "ID<TAB>TITLE",
// newest first, without fetching any video (the monitor's gap listing, and its listing during a
// feed outage).
std::vector<std::string> ytdlp_listing_argv(const config::TranscriptSettings& settings, const std::string& url,
                                            int newest);

// What every yt-dlp run that reads a video gets after its own arguments: the cookies
// (ytdlp_cookie_args), --sleep-subtitles, --js-runtimes (js_runtimes_args) and transcript.extra_args.
std::vector<std::string> ytdlp_shared_args(const config::TranscriptSettings& settings);

// --cookies FILE for every yt-dlp run: transcript.cookies_file when set, else the cookie jar in
// state_dir (created when missing), so that all runs share one visitor session. Empty only for
// settings without either (built by hand, not by the loader).
std::vector<std::string> ytdlp_cookie_args(const config::TranscriptSettings& settings);
std::string cookies_for(const config::TranscriptSettings& settings);  // that FILE
// An empty Netscape cookie file, mode 0600, unless the file exists already.
Status ensure_cookie_jar(const std::filesystem::path& jar);

// --js-runtimes RUNTIME when js_runtimes_argument names one and the yt-dlp in `command` accepts it
// (releases before first_js_release reject it and every run would fail).
std::vector<std::string> js_runtimes_args(const config::TranscriptSettings& settings);

// The --js-runtimes value for transcript.js_runtime; empty when yt-dlp's own default applies (Deno
// found on PATH) or the setting is "none". "auto" picks node when only Node is on PATH.
std::string js_runtimes_argument(const config::TranscriptSettings& settings);

struct YtdlpVersion {
  std::string version;    // "2025.10.22"
  int age_days = -1;      // from the date in the version; -1 when it has none
  bool outdated = false;  // older than 60 days: YouTube changes faster than that
  bool too_old = false;   // older than 180 days: YouTube has broken such releases every time so far
  std::string advice;     // what to do about it; empty when all is well
};

// Runs `yt-dlp --version`; for status and start-up checks. The version it reads is remembered
// for `command` (accepts_js_runtimes).
boost::asio::awaitable<Outcome<YtdlpVersion>> check_ytdlp(boost::asio::any_io_executor executor,
                                                          config::TranscriptSettings settings);

// Whether the yt-dlp in `command` takes --js-runtimes, by the version check_ytdlp last read for it;
// true before any check (a current release is assumed until one says otherwise).
bool accepts_js_runtimes(const std::string& command);
bool version_known(const std::string& command);  // check_ytdlp has read it

// What `yt-dlp -v` says about its installation.
struct YtdlpInstall {
  std::string variant;             // "zip" or "linux_exe" (release binaries), "pip", "source"; "" when not said
  bool self_updating = false;      // a release binary: `--update-to` replaces it
  bool reports_js = false;         // it has a "JS runtimes:" line (2025.11.12 and later need one)
  std::string js_runtimes;         // that line: "deno-2.5.6", "none"
  bool reports_libraries = false;  // it has an "Optional libraries:" line
  bool has_ejs = false;            // yt_dlp_ejs among them
  // Its "Plugin directories:" line, split ("none" gives none), and the PO-token provider plugin
  // files found in them (yt_dlp_plugins/extractor/getpot_*.py, or a directory named for bgutil).
  std::vector<std::string> plugin_dirs;
  std::vector<std::string> pot_providers;  // "getpot_bgutil_http", …
};
boost::asio::awaitable<Outcome<YtdlpInstall>> inspect_ytdlp(boost::asio::any_io_executor executor,
                                                            config::TranscriptSettings settings);

struct YtdlpUpdate {
  std::string from;       // the version before
  std::string to;         // the version after (the same when nothing newer was there or it was restored)
  bool restored = false;  // the new binary did not answer --version; the old one is back
  std::string message;    // for the log and the status page
};
// `yt-dlp --update-to stable` on a release binary: copied to `backup` first and put back when the
// updated one does not answer --version. A failure when there is no binary to update or the update
// itself fails (its message).
boost::asio::awaitable<Outcome<YtdlpUpdate>> update_ytdlp(boost::asio::any_io_executor executor,
                                                          config::TranscriptSettings settings,
                                                          std::filesystem::path backup);

// The first release that needs an external JavaScript runtime for YouTube.
inline constexpr std::string_view first_js_release = "2025.11.12";

}  // namespace ytm::transcript
