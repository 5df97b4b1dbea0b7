#include <charconv>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>

#include "process/process.hpp"
#include "transcript/fetch.hpp"
#include "transcript/whisper.hpp"

namespace ytm::transcript {
namespace {

// "2025.10.22" (or "2025.10.22.1234" for nightlies): days since then.
int age_in_days(std::string_view version) {
  int parts[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    auto [ptr, ec] = std::from_chars(version.data(), version.data() + version.size(), parts[i]);
    if (ec != std::errc{}) return -1;
    version.remove_prefix(static_cast<std::size_t>(ptr - version.data()));
    if (i < 2) {
      if (!version.starts_with('.')) return -1;
      version.remove_prefix(1);
    }
  }
  using namespace std::chrono;
  year_month_day date{year(parts[0]), month(static_cast<unsigned>(parts[1])), day(static_cast<unsigned>(parts[2]))};
  if (!date.ok()) return -1;
  auto today = floor<days>(system_clock::now());
  return static_cast<int>((today - sys_days(date)).count());
}

struct KnownVersions {
  std::mutex mutex;
  std::map<std::string, std::string> by_command;
};

KnownVersions& known_versions() {
  static KnownVersions known;
  return known;
}

void remember_version(const std::string& command, const std::string& version) {
  auto& known = known_versions();
  std::lock_guard lock(known.mutex);
  known.by_command[command] = version;
}

}  // namespace

bool version_known(const std::string& command) {
  auto& known = known_versions();
  std::lock_guard lock(known.mutex);
  return known.by_command.contains(command);
}

bool accepts_js_runtimes(const std::string& command) {
  auto& known = known_versions();
  std::lock_guard lock(known.mutex);
  auto found = known.by_command.find(command);
  // "2025.10.22" sorts before "2025.11.12" as text; a version without a date is taken as current.
  if (found == known.by_command.end() || age_in_days(found->second) < 0) return true;
  return found->second >= first_js_release;
}

boost::asio::awaitable<Outcome<YtdlpVersion>> check_ytdlp(boost::asio::any_io_executor executor,
                                                          config::TranscriptSettings settings) {
  process::ProcessSpec spec;
  spec.argv = {settings.command, "--version"};
  spec.timeout = std::chrono::seconds(30);
  auto run = co_await process::run_process(executor, spec);
  if (!run) co_return with_setting(run.failure(), "transcript.command");
  if (run->exit_code != 0 || run->timed_out)
    co_return Failure::paused(FailureCode::ytdlp_broken, settings.command + " --version failed: " + run->err.substr(0, 300));
  YtdlpVersion v;
  v.version = run->out.substr(0, run->out.find_first_of("\r\n"));
  v.age_days = age_in_days(v.version);
  v.outdated = v.age_days > 60;
  v.too_old = v.age_days > 180;
  remember_version(settings.command, v.version);
  if (v.outdated) {
    v.advice = "yt-dlp " + v.version + " is " + std::to_string(v.age_days) +
               " days old and YouTube changes often: update it (pipx upgrade yt-dlp, or yt-dlp -U)";
  }
  co_return v;
}

namespace {

std::string_view line_after(std::string_view text, std::string_view marker) {
  auto at = text.find(marker);
  if (at == std::string_view::npos) return {};
  auto rest = text.substr(at + marker.size());
  return rest.substr(0, rest.find_first_of("\r\n"));
}

// "none", "/a/yt_dlp_plugins, /b/yt_dlp_plugins", or (older releases) "['/a/yt_dlp_plugins']".
std::vector<std::string> plugin_directories(std::string_view line) {
  std::vector<std::string> dirs;
  if (line.starts_with('[')) line = line.substr(1, line.rfind(']') - 1);
  while (!line.empty()) {
    auto comma = line.find(", ");
    auto item = line.substr(0, comma);
    while (!item.empty() && (item.front() == '\'' || item.front() == ' ')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == '\'' || item.back() == ' ')) item.remove_suffix(1);
    if (!item.empty() && !item.starts_with("none")) dirs.emplace_back(item);
    if (comma == std::string_view::npos) break;
    line.remove_prefix(comma + 2);
  }
  return dirs;
}

// PO-token providers register from extractor/getpot_*.py (bgutil: getpot_bgutil_http.py, …); a
// zipped plugin cannot be listed, but its path names it (…/bgutil-ytdlp-pot-provider.zip/…).
std::vector<std::string> pot_providers_in(const std::vector<std::string>& dirs) {
  namespace fs = std::filesystem;
  std::vector<std::string> found;
  for (const auto& dir : dirs) {
    if (dir.find("bgutil") != std::string::npos) {
      found.emplace_back("bgutil-ytdlp-pot-provider");
      continue;
    }
    std::error_code ec;
    for (fs::directory_iterator it(fs::path(dir) / "extractor", ec), end; !ec && it != end; it.increment(ec)) {
      const auto name = it->path().filename().string();
      if (name.starts_with("getpot_") && name.ends_with(".py")) found.push_back(name.substr(0, name.size() - 3));
    }
  }
  return found;
}

}  // namespace

boost::asio::awaitable<Outcome<YtdlpInstall>> inspect_ytdlp(boost::asio::any_io_executor executor,
                                                            config::TranscriptSettings settings) {
  // An old release stops at --js-runtimes before it prints the header: its version first.
  if (!version_known(settings.command)) (void)co_await check_ytdlp(executor, settings);
  process::ProcessSpec spec;
  spec.argv = {settings.command, "-v", "--ignore-config"};
  auto runtimes = js_runtimes_args(settings);
  spec.argv.insert(spec.argv.end(), runtimes.begin(), runtimes.end());
  spec.timeout = std::chrono::seconds(30);
  auto run = co_await process::run_process(executor, spec);
  if (!run) co_return with_setting(run.failure(), "transcript.command");
  // Without a URL it stops with a usage error after the debug header: the header is what counts.
  const std::string all = run->err + run->out;
  YtdlpInstall install;
  auto version_line = line_after(all, "yt-dlp version ");
  auto open = version_line.rfind('(');
  auto close = version_line.rfind(')');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    install.variant = std::string(version_line.substr(open + 1, close - open - 1));
  }
  install.self_updating = install.variant == "zip" || install.variant.ends_with("_exe");
  install.reports_js = all.find("JS runtimes:") != std::string::npos;
  install.js_runtimes = std::string(line_after(all, "JS runtimes: "));
  install.reports_libraries = all.find("Optional libraries:") != std::string::npos;
  install.has_ejs = line_after(all, "Optional libraries:").find("yt_dlp_ejs") != std::string_view::npos;
  install.plugin_dirs = plugin_directories(line_after(all, "Plugin directories: "));
  install.pot_providers = pot_providers_in(install.plugin_dirs);
  co_return install;
}

}  // namespace ytm::transcript
