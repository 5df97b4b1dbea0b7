// What YouTube sees of ytmonitor's session: the cookie jar every yt-dlp run shares, and the
// PO-token provider (a yt-dlp plugin and its server) that YouTube's caption and video URLs want.
#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "health/checks.hpp"
#include "net/http_client.hpp"
#include "transcript/fetch.hpp"

namespace ytm::health {
namespace {

constexpr const char* provider_server_default = "http://127.0.0.1:4416";
constexpr const char* provider_docs = "see docs/troubleshooting.md, \"PO tokens\"";

CheckResult session_check(const char* name) {
  CheckResult r;
  r.name = name;
  r.stage = Stage::transcript;
  return r;
}

// transcript.extra_args may point the bgutil plugin elsewhere:
// --extractor-args "youtubepot-bgutilhttp:base_url=http://HOST:PORT".
std::string provider_server(const config::TranscriptSettings& t) {
  constexpr std::string_view marker = "youtubepot-bgutilhttp:base_url=";
  for (const auto& arg : t.extra_args) {
    auto at = arg.find(marker);
    if (at == std::string::npos) continue;
    auto value = arg.substr(at + marker.size());
    value = value.substr(0, value.find(';'));
    while (value.ends_with('/')) value.pop_back();
    if (!value.empty()) return value;
  }
  return provider_server_default;
}

}  // namespace

CheckResult check_cookie_jar(const config::TranscriptSettings& t) {
  auto r = session_check("cookie_jar");
  if (!t.cookies_file.empty()) {
    r.summary = "every yt-dlp run uses transcript.cookies_file " + t.cookies_file + " (the jar " +
                t.cookie_jar.string() + " is not used)";
    return r;
  }
  const auto jar = t.cookie_jar.string();
  auto made = transcript::ensure_cookie_jar(t.cookie_jar);
  if (!made || ::access(jar.c_str(), R_OK | W_OK) != 0) {
    r.level = Level::fail;
    r.summary = "the cookie jar " + jar + " cannot be " + (made ? "read and written" : "created");
    r.fix = "give the daemon's user the state folder (sudo chown -R ytmonitor:ytmonitor " +
            t.cookie_jar.parent_path().string() + ")";
    return r;
  }
  r.summary = jar + " (writable; every yt-dlp run reads and updates it: one visitor session)";
  std::error_code ec;
  const auto mode = std::filesystem::status(t.cookie_jar, ec).permissions();
  using std::filesystem::perms;
  if (!ec && (mode & (perms::group_all | perms::others_all)) != perms::none) {
    r.level = Level::warn;
    r.summary += "; readable by other users";
    r.fix = "chmod 600 " + jar;
  }
  return r;
}

CheckResult check_pot_plugin(const transcript::YtdlpInstall& install) {
  auto r = session_check("po_token_plugin");
  r.required = false;
  if (!install.pot_providers.empty()) {
    std::string names;
    for (const auto& p : install.pot_providers) names += (names.empty() ? "" : ", ") + p;
    r.summary = "yt-dlp loads " + names + " from its plugin directories";
    return r;
  }
  r.level = Level::warn;
  r.summary = install.plugin_dirs.empty()
                  ? "yt-dlp has no plugins (yt-dlp -v: \"Plugin directories: none\"), so no PO-token provider: "
                    "YouTube may send empty captions and bot checks sooner"
                  : "no PO-token provider among yt-dlp's plugins";
  r.fix = "install the bgutil-ytdlp-pot-provider plugin (pipx inject yt-dlp bgutil-ytdlp-pot-provider, or its zip "
          "in ~/.config/yt-dlp/plugins/) and run its server; " +
          std::string(provider_docs);
  return r;
}

boost::asio::awaitable<CheckResult> check_pot_server(boost::asio::any_io_executor executor,
                                                     config::TranscriptSettings t) {
  auto r = session_check("po_token_server");
  r.required = false;
  const auto base = provider_server(t);
  net::HttpClient http(executor, {});
  net::HttpRequest request;
  request.url = base + "/ping";
  request.timeout = std::chrono::seconds(3);
  request.max_body_bytes = 64 << 10;
  request.max_redirects = 0;
  auto response = co_await http.request(request);
  if (response && response->status == 200) {
    auto body = nlohmann::json::parse(response->body, nullptr, false);
    r.summary = "the PO-token server answers at " + base;
    if (body.is_object() && body.contains("version") && body["version"].is_string()) {
      r.summary += " (version " + body["version"].get<std::string>() + ")";
    }
    co_return r;
  }
  r.level = Level::warn;
  r.summary = "no PO-token server answers at " + base + "/ping (" +
              (response ? "HTTP " + std::to_string(response->status) : response.failure().message) + ")";
  r.fix = "start it: docker run -d --name bgutil-provider --init -p 127.0.0.1:4416:4416 "
          "brainicism/bgutil-ytdlp-pot-provider (or its Node server); " +
          std::string(provider_docs);
  co_return r;
}

}  // namespace ytm::health
