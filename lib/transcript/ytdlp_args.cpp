#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "process/process.hpp"
#include "transcript/fetch.hpp"

namespace ytm::transcript {
namespace {

// yt-dlp's wiki suggests 5 s before each subtitle download (its `-t sleep` preset).
constexpr int subtitle_sleep_seconds = 5;

}  // namespace

std::string js_runtimes_argument(const config::TranscriptSettings& settings) {
  const std::string& choice = settings.js_runtime;
  if (choice == "none") return "";
  if (choice != "auto") return choice;
  // yt-dlp enables Deno by default and finds it on PATH itself; Node has to be named.
  if (process::find_program("deno")) return "";
  if (process::find_program("node")) return "node";
  return "";
}

std::vector<std::string> js_runtimes_args(const config::TranscriptSettings& settings) {
  auto runtime = js_runtimes_argument(settings);
  if (runtime.empty() || !accepts_js_runtimes(settings.command)) return {};
  return {"--js-runtimes", runtime};
}

Status ensure_cookie_jar(const std::filesystem::path& jar) {
  std::error_code ec;
  if (std::filesystem::exists(jar, ec)) return success();
  std::filesystem::create_directories(jar.parent_path(), ec);
  // Made here with mode 0600: yt-dlp would create it with the umask's mode, readable by others.
  const int fd = ::open(jar.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return success();
    return Failure::paused(FailureCode::cookie_jar, "cannot create the cookie jar " + jar.string() + ": " + std::strerror(errno));
  }
  static constexpr std::string_view header =
      "# Netscape HTTP Cookie File\n"
      "# ytmonitor's cookie jar: yt-dlp keeps YouTube's visitor cookies here between runs.\n\n";
  const bool written = ::write(fd, header.data(), header.size()) == static_cast<ssize_t>(header.size());
  ::close(fd);
  if (!written) return Failure::paused(FailureCode::cookie_jar, "cannot write the cookie jar " + jar.string());
  return success();
}

std::string cookies_for(const config::TranscriptSettings& settings) {
  if (!settings.cookies_file.empty()) return settings.cookies_file;
  return settings.cookie_jar.string();
}

std::vector<std::string> ytdlp_cookie_args(const config::TranscriptSettings& settings) {
  const auto file = cookies_for(settings);
  if (file.empty()) return {};
  // The run still goes ahead when the jar cannot be made: doctor names the folder to fix.
  if (settings.cookies_file.empty()) (void)ensure_cookie_jar(settings.cookie_jar);
  return {"--cookies", file};
}

std::vector<std::string> ytdlp_shared_args(const config::TranscriptSettings& settings) {
  auto args = ytdlp_cookie_args(settings);
  args.insert(args.end(), {"--sleep-subtitles", std::to_string(subtitle_sleep_seconds)});
  auto runtimes = js_runtimes_args(settings);
  args.insert(args.end(), runtimes.begin(), runtimes.end());
  args.insert(args.end(), settings.extra_args.begin(), settings.extra_args.end());
  return args;
}

std::vector<std::string> ytdlp_listing_argv(const config::TranscriptSettings& settings, const std::string& url,
                                            int newest) {
  std::vector<std::string> argv{settings.command, "--flat-playlist", "--print", "%(id)s\t%(title)s"};
  argv.insert(argv.end(), {"--playlist-end", std::to_string(newest), "--no-warnings", "--no-progress"});
  // Of the shared arguments only the cookies: a flat listing reads no player, so it needs no
  // JavaScript runtime, and it downloads no subtitles.
  auto cookies = ytdlp_cookie_args(settings);
  argv.insert(argv.end(), cookies.begin(), cookies.end());
  argv.push_back(url);
  return argv;
}

}  // namespace ytm::transcript
