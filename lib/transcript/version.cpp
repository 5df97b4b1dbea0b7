#include <charconv>
#include <chrono>

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

}  // namespace

boost::asio::awaitable<Outcome<YtdlpVersion>> check_ytdlp(boost::asio::any_io_executor executor,
                                                          const config::TranscriptSettings& settings) {
  process::ProcessSpec spec;
  spec.argv = {settings.command, "--version"};
  spec.timeout = std::chrono::seconds(30);
  auto run = co_await process::run_process(executor, spec);
  if (!run) co_return with_setting(run.failure(), "transcript.command");
  if (run->exit_code != 0 || run->timed_out)
    co_return Failure::paused("ytdlp_broken", settings.command + " --version failed: " + run->err.substr(0, 300));
  YtdlpVersion v;
  v.version = run->out.substr(0, run->out.find_first_of("\r\n"));
  v.age_days = age_in_days(v.version);
  v.outdated = v.age_days > 60;
  v.too_old = v.age_days > 180;
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

}  // namespace

boost::asio::awaitable<Outcome<YtdlpInstall>> inspect_ytdlp(boost::asio::any_io_executor executor,
                                                            const config::TranscriptSettings& settings) {
  process::ProcessSpec spec;
  spec.argv = {settings.command, "-v", "--ignore-config"};
  auto runtime = js_runtimes_argument(settings);
  if (!runtime.empty()) spec.argv.insert(spec.argv.end(), {"--js-runtimes", runtime});
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
  co_return install;
}

}  // namespace ytm::transcript
