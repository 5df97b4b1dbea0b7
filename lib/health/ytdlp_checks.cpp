// yt-dlp: found, runs, recent enough, how it is updated; the JavaScript runtime and yt-dlp-ejs
// scripts that YouTube needs since yt-dlp 2025.11.12.
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "health/checks.hpp"
#include "process/process.hpp"
#include "transcript/fetch.hpp"

namespace ytm::health {
namespace {

// The first folder of the daemon's PATH that this user can write to (make run puts .run/prefix/bin
// there): a binary put there is the one the daemon runs, without a word in the configuration.
std::optional<std::string> writable_path_folder() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::string_view rest(path);
  while (!rest.empty()) {
    const auto colon = rest.find(':');
    const std::string folder(rest.substr(0, colon));
    if (!folder.empty() && folder.front() == '/' && ::access(folder.c_str(), W_OK) == 0) return folder;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

// Commands that work as written: into a folder on PATH when there is one we can write to, else
// into ~/.local/bin with transcript.command pointing there.
std::string install_fix() {
  constexpr const char* url = "https://github.com/yt-dlp/yt-dlp/releases/latest/download/yt-dlp";
  if (auto folder = writable_path_folder()) {
    return "install the current release binary where the daemon looks first: curl -L " + std::string(url) + " -o " +
           *folder + "/yt-dlp && chmod +x " + *folder + "/yt-dlp";
  }
  return "install the current release binary: mkdir -p ~/.local/bin && curl -L " + std::string(url) +
         " -o ~/.local/bin/yt-dlp && chmod +x ~/.local/bin/yt-dlp, then set transcript.command to that file's full "
         "path (or pipx install yt-dlp)";
}

CheckResult transcript_check(const char* name) {
  CheckResult r;
  r.name = name;
  r.stage = Stage::transcript;
  return r;
}

std::string update_text(const config::TranscriptSettings& t, const transcript::YtdlpInstall& install) {
  if (install.self_updating) {
    return t.update == "auto" ? "release binary (" + install.variant + "), updated daily"
                              : "release binary, updates off";
  }
  if (install.variant == "pip")
    return "pip install, not updated by ytmonitor: update it with pipx upgrade yt-dlp (or pip)";
  return "not updated by ytmonitor: update it the way it was installed (a distribution's package lags behind "
         "YouTube; the release binary updates itself)";
}

CheckResult version_check(const config::TranscriptSettings& t, const Outcome<transcript::YtdlpVersion>& version,
                          const transcript::YtdlpInstall& install) {
  auto r = transcript_check("yt-dlp");
  if (!version) {
    r.level = Level::fail;
    r.summary = version.failure().message;
    r.fix = install_fix();
    return r;
  }
  const auto& v = *version;
  r.summary = t.command + " " + v.version;
  if (v.age_days >= 0) r.summary += ", " + std::to_string(v.age_days) + " days old";
  r.summary += " (" + update_text(t, install) + ")";
  if (v.too_old) {
    r.level = Level::fail;
    r.summary += "; YouTube has broken releases this old";
  } else if (v.outdated) {
    r.level = Level::warn;
    r.summary += "; older than 60 days";
  }
  if (r.level != Level::ok) {
    r.fix = install.self_updating ? "run " + t.command + " --update-to stable (transcript.update: auto does it daily)"
                                  : install_fix();
  }
  return r;
}

// "deno 2.5.6 (stable, …)" or "v20.20.2": the major version, 0 when unreadable.
int major_version(const std::string& text) {
  auto digit = text.find_first_of("0123456789");
  int major = 0;
  if (digit != std::string::npos) std::from_chars(text.data() + digit, text.data() + text.size(), major);
  return major;
}

boost::asio::awaitable<CheckResult> runtime_check(boost::asio::any_io_executor executor, config::TranscriptSettings t,
                                                  bool needed) {
  auto r = transcript_check("js_runtime");
  r.required = needed;
  const std::string fix =
      "install Deno 2 (npm install -g deno@2; make run puts one in .run/) or Node.js 20 or later, or set "
      "transcript.js_runtime to NAME:PATH";
  if (t.js_runtime == "none") {
    r.level = Level::warn;
    r.required = false;
    r.summary = "off (transcript.js_runtime: none): YouTube formats that need one are missing";
    r.fix = fix;
    co_return r;
  }
  std::string choice = t.js_runtime == "auto" ? transcript::js_runtimes_argument(t) : t.js_runtime;
  if (t.js_runtime == "auto" && choice.empty()) choice = process::find_program("deno") ? "deno" : "";
  if (choice.empty()) {
    r.level = Level::fail;
    r.summary = "no Deno or Node.js on PATH";
    r.fix = fix;
    co_return r;
  }
  const auto colon = choice.find(':');
  const std::string name = choice.substr(0, colon);
  const std::string program = colon == std::string::npos ? name : choice.substr(colon + 1);
  process::ProcessSpec spec;
  spec.argv = {program, "--version"};
  spec.timeout = std::chrono::seconds(20);
  auto run = co_await process::run_process(executor, spec);
  const std::string said = run ? run->out.substr(0, run->out.find('\n')) : run.failure().message;
  const int major = run && run->succeeded() ? major_version(said) : 0;
  const int wanted = name == "deno" ? 2 : name == "node" ? 20 : 1;
  r.summary = name + " " + said;
  if (name == "node" && choice != t.js_runtime) r.summary += " (passed to yt-dlp as --js-runtimes node)";
  if (major < wanted) {
    r.level = Level::fail;
    r.summary +=
        major > 0 ? "; yt-dlp needs " + name + " " + std::to_string(wanted) + " or later" : "; it does not run";
    r.fix = fix;
  }
  co_return r;
}

std::optional<CheckResult> ejs_check(const transcript::YtdlpInstall& install) {
  if (!install.reports_js || !install.reports_libraries || install.has_ejs) return std::nullopt;
  auto r = transcript_check("yt-dlp-ejs");
  r.level = Level::fail;
  r.summary = "yt-dlp reports no yt_dlp_ejs among its libraries: it cannot solve YouTube's JavaScript challenges";
  r.fix = "use the release binary, which includes it, or pip install -U \"yt-dlp[default]\"";
  return r;
}

}  // namespace

boost::asio::awaitable<std::vector<CheckResult>> check_ytdlp_install(boost::asio::any_io_executor executor,
                                                                     config::TranscriptSettings t) {
  std::vector<CheckResult> out;
  auto version = co_await transcript::check_ytdlp(executor, t);
  transcript::YtdlpInstall install;
  if (version) {
    auto inspected = co_await transcript::inspect_ytdlp(executor, t);
    if (inspected) install = *inspected;
  }
  out.push_back(version_check(t, version, install));
  // Without a yt-dlp to ask, the one to be installed will need a runtime.
  const bool needed =
      !version || install.reports_js || version->version >= transcript::first_js_release || version->age_days < 0;
  out.push_back(co_await runtime_check(executor, t, needed));
  if (!version) co_return out;
  if (auto ejs = ejs_check(install)) out.push_back(*ejs);
  out.push_back(check_pot_plugin(install));
  out.push_back(co_await check_pot_server(executor, t));
  co_return out;
}

}  // namespace ytm::health
