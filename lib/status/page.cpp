#include <algorithm>
#include <sstream>

#include "render/escape.hpp"
#include "status/report.hpp"
#include "status/server.hpp"
#include "status/spend.hpp"

namespace ytm::status {
namespace {

using nlohmann::json;

std::string escape(const std::string& text) { return render::xml_text(text); }

std::string text(const json& value) {
  if (value.is_null()) return "—";
  if (value.is_string()) return escape(value.get<std::string>());
  return escape(value.dump());
}

// "2026-12-07T10:05:49Z" as "2026-12-07 10:05 UTC": a phone's narrow column breaks it between
// date and time rather than inside a word.
std::string when(const json& value) {
  if (!value.is_string()) return text(value);
  const auto iso = value.get<std::string>();
  if (iso.size() < 16 || iso[10] != 'T') return escape(iso);
  return escape(iso.substr(0, 10) + " " + iso.substr(11, 5) + (iso.ends_with('Z') ? " UTC" : ""));
}

constexpr const char* style = R"(<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:.8rem;color:#222;background:#fafafa}
h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.05rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{padding:.3rem .4rem;border-bottom:1px solid #ddd;
text-align:left;vertical-align:top;overflow-wrap:break-word}small{overflow-wrap:anywhere}.bad{color:#b00020}.ok{color:#1b5e20}
.pills span{display:inline-block;margin:.15rem;padding:.2rem .55rem;border-radius:1rem;background:#e8eaf6}
.videos td:first-child{width:40%;min-width:9rem}details summary{cursor:pointer}
.note{background:#fff3cd;padding:.5rem;border-radius:.3rem}small{color:#666}
.search{display:flex;gap:.3rem;margin:.6rem 0}.search input{flex:1;min-width:0;padding:.35rem}mark{background:#ffe08a}
@media (prefers-color-scheme:dark){body{background:#121212;color:#ddd}.pills span{background:#283046}td,th{border-color:#333}}
</style>)";

void channels_table(std::ostringstream& out, const json& channels) {
  out << "<h2>Channels (" << channels.size()
      << ")</h2><table><tr><th>Channel</th><th>Last poll</th><th>Result</th></tr>";
  for (const auto& c : channels) {
    auto result = c["last_result"].get<std::string>();
    bool good = result == "ok" || result == "unchanged";
    out << "<tr><td>" << text(c["name"]) << "<br><small>" << text(c["id"]) << "</small></td><td>"
        << when(c["last_poll"]) << "</td><td class=\"" << (good ? "ok" : "bad") << "\">" << escape(result);
    if (!c["last_error"].get<std::string>().empty()) {
      out << "<br><small>" << text(c["last_error"]) << escape(failing_since(c)) << "</small>";
    }
    out << "</td></tr>";
  }
  out << "</table>";
}

// A reason longer than a line of a phone's screen: its start, the rest behind a click, so that a
// yt-dlp message does not squeeze the title column to a word per line.
std::string folded(const std::string& reason) {
  constexpr std::size_t shown = 140;
  if (reason.size() <= shown + 40) return escape(reason);
  std::size_t cut = reason.rfind(' ', shown);
  if (cut == std::string::npos || cut < shown / 2) cut = shown;
  while (cut > 0 && (static_cast<unsigned char>(reason[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return "<details><summary>" + escape(reason.substr(0, cut)) + " …</summary>" + escape(reason.substr(cut)) +
         "</details>";
}

bool is_failure(const json& video) {
  const auto state = video["state"].get<std::string>();
  return state == "failed" || state == "waiting";
}

void videos_tables(std::ostringstream& out, const json& recent) {
  // Failures once, with their reason; the recent list names their state only.
  if (std::any_of(recent.begin(), recent.end(), is_failure)) {
    out << "<h2 id=\"failures\">Failures</h2><table class=\"videos\"><tr><th>Video</th><th>Why</th></tr>";
  }
  for (const auto& v : recent) {
    if (!is_failure(v)) continue;
    out << "<tr><td>" << text(v["title"]) << "<br><small>" << text(v["id"]) << "</small></td><td class=\"bad\">"
        << text(v["failure_code"]) << ": " << folded(v["reason"].get<std::string>()) << " <small>("
        << v["attempts"].get<int>() << " attempts)</small></td></tr>";
  }
  if (std::any_of(recent.begin(), recent.end(), is_failure)) out << "</table>";
  out << "<h2>Recent videos</h2><table class=\"videos\"><tr><th>Video</th><th>State</th><th>Document</th></tr>";
  for (const auto& v : recent) {
    out << "<tr><td>" << text(v["title"]) << "<br><small>" << text(v["id"]) << " · " << when(v["published"])
        << "</small></td><td>" << text(v["state"]);
    if (is_failure(v)) {
      out << "<br><small><a href=\"#failures\">why</a></small>";
    } else if (!v["reason"].get<std::string>().empty()) {
      out << "<br><small>" << folded(v["reason"].get<std::string>()) << "</small>";
    }
    out << "</td><td>";
    if (v["document"].is_string()) {
      const auto path = v["document"].get<std::string>();
      out << "<a href=\"/" << escape(render::url_encode_path(path)) << "\">" << escape(path) << "</a>";
    } else {
      out << "—";
    }
    // What was kept as the original or cleaned from the model's answers (the document's note).
    if (!v.value("document_note", "").empty()) out << "<br><small>" << folded(v["document_note"].get<std::string>()) << "</small>";
    out << "</td></tr>";
  }
  out << "</table>";
}

// What stops work, first: failed health checks (with their fix) and pauses; then warnings.
void problems(std::ostringstream& out, const json& report, const std::string& paused_reason) {
  bool any = false;
  auto open = [&] {
    if (!any) out << "<div class=\"note\" id=\"problems\"><b>Needs attention</b><ul>";
    any = true;
  };
  auto checks = [&](bool failures) {
    for (const auto& c : report.value("health", json::array())) {
      const bool failed = c["level"] == "fail" && c["required"].get<bool>();
      if (c["level"] == "ok" || failed != failures) continue;
      open();
      out << "<li class=\"" << (failed ? "bad" : "") << "\">" << (failed ? "✗ " : "⚠ ") << text(c["check"]) << ": "
          << text(c["summary"]);
      if (!c["fix"].get<std::string>().empty()) out << "<br><small>Fix: " << text(c["fix"]) << "</small>";
      out << "</li>";
    }
  };
  checks(true);
  for (const auto& p : report.value("paused", json::array())) {
    open();
    out << "<li>" << text(p["text"]) << "</li>";
  }
  const auto feeds = report.value("youtube_feeds", json::object());
  if (feeds.value("failing", false)) {
    open();
    out << "<li class=\"bad\" id=\"youtube-feeds\">" << text(feeds["text"]) << "</li>";
  }
  checks(false);  // warnings last
  if (!any && !paused_reason.empty()) {
    open();
    out << "<li>Model work is paused: " << escape(paused_reason) << "</li>";
  }
  if (any) out << "</ul></div>";
}

}  // namespace

std::string html_start(std::string_view title, bool refresh) {
  std::string out =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">";
  if (refresh) out += "<meta http-equiv=\"refresh\" content=\"60\">";
  return out + "<title>" + escape(std::string(title)) + "</title>" + style + "</head><body>";
}

std::string search_form(std::string_view words, std::string_view channel) {
  return "<form class=\"search\" action=\"/search\" method=\"get\"><input type=\"search\" name=\"q\" value=\"" +
         escape(std::string(words)) + "\" placeholder=\"Search transcripts, translations, summaries\">" +
         "<input name=\"channel\" value=\"" + escape(std::string(channel)) +
         "\" placeholder=\"channel\"><button>Search</button></form>";
}

std::string status_page(const json& report, const std::string& paused_reason) {
  std::ostringstream out;
  out << html_start("ytmonitor", true) << "<h1>ytmonitor</h1><small>as of " << when(report["generated"]) << "</small>"
      << search_form("", "");
  problems(out, report, paused_reason);
  const auto update = report.value("ytdlp_update", json());
  if (update.is_object()) {
    out << "<p><small>yt-dlp upkeep, " << text(update["at_iso"]) << ": " << text(update["message"]) << "</small></p>";
  }
  out << "<h2>Queue</h2><div class=\"pills\">";
  for (const auto& [state, count] : report["videos"].items()) {
    out << "<span>" << escape(state) << " <b>" << count.get<long long>() << "</b></span>";
  }
  out << "</div>";
  const auto& m = report["model_today"];
  out << "<h2>Model today</h2><p>" << m["calls"].get<long long>() << " calls (" << m["failed_calls"].get<long long>()
      << " failed), " << m["input_tokens"].get<long long>() << " tokens in, " << m["output_tokens"].get<long long>()
      << " out, $" << std::fixed;
  out.precision(2);
  out << m["cost_usd"].get<double>();
  if (m.value("abandoned_calls", 0LL) > 0) {
    out << " (" << m["abandoned_calls"].get<long long>() << " cut off by a stop or kill, counted at their estimate)";
  }
  out << "</p>";
  if (report.contains("model_spend")) out << spend_html(report["model_spend"]);
  const auto sponsors = report.value("sponsorblock", json::object());
  if (sponsors.value("videos", 0) > 0) {
    out << "<p>SponsorBlock: segments skipped in " << sponsors["videos"].get<int>() << " videos, about "
        << sponsors["tokens_saved"].get<long long>() << " transcript tokens not sent</p>";
  }
  const auto& n = report["notifications"];
  if (n["pending"].get<long long>() + n["failed"].get<long long>() + n["sent"].get<long long>() > 0) {
    out << "<h2>Notifications</h2><p>" << n["pending"].get<long long>() << " pending, " << n["failed"].get<long long>()
        << " failed, " << n["sent"].get<long long>() << " sent";
    if (!n["last_error"].get<std::string>().empty()) out << "<br><small>" << text(n["last_error"]) << "</small>";
    out << "</p>";
  }
  channels_table(out, report["channels"]);
  videos_tables(out, report["recent"]);
  out << "</body></html>\n";
  return out.str();
}

}  // namespace ytm::status
