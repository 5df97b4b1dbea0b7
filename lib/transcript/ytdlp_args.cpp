#include "process/process.hpp"
#include "transcript/fetch.hpp"

namespace ytm::transcript {

std::string js_runtimes_argument(const config::TranscriptSettings& settings) {
  const std::string& choice = settings.js_runtime;
  if (choice == "none") return "";
  if (choice != "auto") return choice;
  // yt-dlp enables Deno by default and finds it on PATH itself; Node has to be named.
  if (process::find_program("deno")) return "";
  if (process::find_program("node")) return "node";
  return "";
}

std::vector<std::string> ytdlp_shared_args(const config::TranscriptSettings& settings) {
  std::vector<std::string> args;
  if (!settings.cookies_file.empty()) {
    args.emplace_back("--cookies");
    args.push_back(settings.cookies_file);
  }
  auto runtime = js_runtimes_argument(settings);
  if (!runtime.empty()) {
    args.emplace_back("--js-runtimes");
    args.push_back(runtime);
  }
  args.insert(args.end(), settings.extra_args.begin(), settings.extra_args.end());
  return args;
}

std::vector<std::string> ytdlp_listing_argv(const config::TranscriptSettings& settings, const std::string& url) {
  constexpr int max_listed = 100;
  std::vector<std::string> argv{settings.command, "--flat-playlist", "--print", "%(id)s\t%(title)s"};
  argv.insert(argv.end(), {"--playlist-end", std::to_string(max_listed), "--no-warnings", "--no-progress"});
  // Of the shared arguments only --cookies: a flat listing reads no player, so it needs no
  // JavaScript runtime.
  if (!settings.cookies_file.empty()) argv.insert(argv.end(), {"--cookies", settings.cookies_file});
  argv.push_back(url);
  return argv;
}

}  // namespace ytm::transcript
