#include "status/report.hpp"

#include <map>
#include <sstream>

#include "health/checks.hpp"
#include "status/spend.hpp"

namespace ytm::status {
namespace {

using nlohmann::json;

json optional_time(const std::optional<UnixTime>& t) { return t ? json(format_iso8601(*t)) : json(nullptr); }

json channel_json(const store::ChannelRecord& c, const std::string& name) {
  return json{{"id", c.id},
              {"name", !name.empty()      ? name
                       : !c.title.empty() ? c.title
                                          : c.source},
              {"source", c.source},
              {"last_poll", optional_time(c.last_poll_at)},
              {"last_result", c.last_result},
              {"last_error", c.last_error},
              {"failures", c.consecutive_failures},
              {"not_found_since", optional_time(c.not_found_since)},
              {"next_poll", optional_time(c.next_poll_at)}};
}

json channels_json(const store::Store& store, const config::Subscriptions& subs) {
  std::map<std::string, store::ChannelRecord> known;
  for (auto& c : store.channels()) known.emplace(c.id, std::move(c));
  json out = json::array();
  for (const auto& sub : subs.channels) {
    std::string id = sub.id;
    if (id.empty()) {
      auto alias = store.alias(sub.source());
      if (alias) id = alias->channel_id;
    }
    auto it = known.find(id);
    if (it != known.end()) {
      out.push_back(channel_json(it->second, sub.name));
      continue;
    }
    out.push_back(json{{"id", id},
                       {"name", sub.name.empty() ? sub.source() : sub.name},
                       {"source", sub.source()},
                       {"last_poll", nullptr},
                       {"last_result", id.empty() ? "unresolved" : "never"},
                       {"last_error", ""},
                       {"failures", 0},
                       {"not_found_since", nullptr},
                       {"next_poll", nullptr}});
  }
  return out;
}

json recent_json(const store::Store& store) {
  json out = json::array();
  for (const auto& v : store.videos(std::nullopt, 20)) {
    auto doc = store.document(v.id);
    out.push_back(json{{"id", v.id},
                       {"title", v.title},
                       {"channel_id", v.channel_id},
                       {"published", optional_time(v.published_at)},
                       {"state", store::to_string(v.state)},
                       {"reason", v.reason},
                       {"failure_code", v.failure_code},
                       {"attempts", v.attempts},
                       {"document", doc ? json(doc->path) : json(nullptr)},
                       {"document_note", doc ? json(doc->note) : json("")}});
  }
  return out;
}

// The daemon and what stops its work, first, as the status page's "Needs attention" does.
void daemon_lines(std::ostringstream& out, const json& report) {
  const auto& daemon = report["daemon"];
  const auto checked = daemon.value("checked_at", json());
  if (daemon.value("running", false)) {
    out << "Daemon: running (pid " << daemon["pid"].dump() << ")";
    if (checked.is_string()) out << ", health checked " << checked.get<std::string>();
    out << "\n";
  } else if (checked.is_string()) {
    out << "Daemon: not running; its last health checks (" << checked.get<std::string>()
        << ") follow. ytmonitor doctor checks again now\n";
  } else {
    out << "Daemon: not running. ytmonitor doctor checks what it needs\n";
  }
  // What stops work first (failed checks, pauses), then warnings.
  std::vector<std::string> problems;
  std::vector<std::string> warnings;
  for (const auto& c : report.value("health", json::array())) {
    auto check = health::check_from_json(c);
    if (check.level != health::Level::ok) (check.failed() ? problems : warnings).push_back(health::format_line(check));
  }
  for (const auto& p : report.value("paused", json::array())) problems.push_back(p.value("text", ""));
  const auto feeds = report.value("youtube_feeds", json::object());
  if (feeds.value("failing", false)) problems.push_back(feeds.value("text", ""));
  problems.insert(problems.end(), warnings.begin(), warnings.end());
  if (!problems.empty()) {
    out << "Needs attention:\n";
    for (const auto& line : problems) out << "  " << line << "\n";
  } else if (!report.value("health", json::array()).empty()) {
    out << "Health: every check passes\n";
  }
  const auto update = report.value("ytdlp_update", json());
  if (update.is_object()) {
    out << "yt-dlp upkeep, " << update.value("at_iso", "") << ": " << update.value("message", "") << "\n";
  }
}

// Recent documents whose note says more than where they are: passages kept as the original, what
// the checks of the model's answers took out or changed, an edited file left alone.
void recent_notes(std::ostringstream& out, const json& recent) {
  bool any = false;
  for (const auto& v : recent) {
    const std::string note = v.value("document_note", "");
    if (note.empty()) continue;
    if (!any) out << "Recent documents:\n";
    any = true;
    out << "  " << v.value("title", "") << " [" << v.value("id", "") << "]: " << note << "\n";
  }
}

json notifications_json(const store::Store& store) {
  auto o = store.outbox_counts();
  return json{{"pending", o.pending},
              {"failed", o.failed},
              {"sent", o.sent},
              {"next_attempt", optional_time(o.next_attempt_at)},
              {"last_error", o.last_error}};
}

void notification_line(std::ostringstream& out, const json& n) {
  if (n["pending"].get<long long>() + n["failed"].get<long long>() + n["sent"].get<long long>() == 0) return;
  out << "Notifications: " << n["pending"].get<long long>() << " pending, " << n["failed"].get<long long>()
      << " failed, " << n["sent"].get<long long>() << " sent";
  if (!n["last_error"].get<std::string>().empty()) out << " (last error: " << n["last_error"].get<std::string>() << ")";
  out << "\n";
}

}  // namespace

// "; 3 failures in a row, next try 2026-12-07T10:15:00Z" for a channel that keeps failing.
std::string failing_since(const json& channel) {
  const int failures = channel.value("failures", 0);
  if (failures == 0) return "";
  std::string out = "; " + std::to_string(failures) + (failures == 1 ? " failure" : " failures in a row");
  const auto next = channel.value("next_poll", json());
  if (next.is_string()) out += ", next try " + next.get<std::string>();
  return out;
}

void add_unresolved_reasons(json& report) {
  const auto unresolved = report.value("youtube_feeds", json::object()).value("unresolved", json::object());
  if (!report.contains("channels")) return;
  for (auto& channel : report["channels"]) {
    if (channel.value("last_result", "") != "unresolved") continue;
    const auto found = unresolved.find(channel.value("source", ""));
    if (found == unresolved.end()) continue;
    channel["last_error"] = found->value("error", "");
    channel["failures"] = found->value("failures", 0);
    channel["next_poll"] = found->value("next_try", json());
  }
}

// What leaving SponsorBlock's segments out of the model's work has saved, over all videos.
json sponsor_savings_json(const store::Store& store) {
  const auto saved = store.sponsor_savings();
  return json{{"videos", saved.videos}, {"tokens_saved", saved.tokens_saved}};
}

json status_report(const store::Store& store, const config::Subscriptions& subscriptions, UnixTime now) {
  auto counts = store.queue_counts();
  auto today = store.spend_since(now - now % 86400);
  return json{{"generated", format_iso8601(now)},
              {"channels", channels_json(store, subscriptions)},
              {"videos", counts.by_state},
              {"failures", counts.by_failure_code},
              {"model_today", spend_json(today)},
              {"model_spend", model_spend_json(store, now)},
              {"untranslated_documents", store.documents_with_untranslated_passages()},
              {"sponsorblock", sponsor_savings_json(store)},
              {"notifications", notifications_json(store)},
              {"recent", recent_json(store)}};
}

std::string status_text(const json& report) {
  std::ostringstream out;
  if (report.contains("daemon")) daemon_lines(out, report);
  out << "Channels (" << report["channels"].size() << "):\n";
  for (const auto& c : report["channels"]) {
    auto last_poll = c["last_poll"].is_null() ? std::string("never") : c["last_poll"].get<std::string>();
    out << "  " << c["name"].get<std::string>() << " [" << c["id"].get<std::string>() << "] last poll " << last_poll
        << ": " << c["last_result"].get<std::string>();
    if (!c["last_error"].get<std::string>().empty()) out << " (" << c["last_error"].get<std::string>() << ")";
    out << failing_since(c) << "\n";
  }
  out << "Videos:";
  for (const auto& [state, count] : report["videos"].items()) out << " " << state << " " << count.get<long long>();
  out << "\n";
  if (!report["failures"].empty()) {
    out << "Waiting or failed because of:";
    for (const auto& [code, count] : report["failures"].items()) out << " " << code << " " << count.get<long long>();
    out << "\n";
  }
  if (report.value("untranslated_documents", 0L) > 0) {
    out << "Documents with passages not translated (kept as the original transcript): "
        << report["untranslated_documents"].get<long>() << "\n";
  }
  recent_notes(out, report.value("recent", json::array()));
  notification_line(out, report["notifications"]);
  const auto sponsors = report.value("sponsorblock", json::object());
  if (sponsors.value("videos", 0) > 0) {
    out << "SponsorBlock: segments skipped in " << sponsors["videos"].get<int>() << " videos, about "
        << sponsors["tokens_saved"].get<long long>() << " transcript tokens not sent\n";
  }
  const auto& m = report["model_today"];
  out << "Model today: " << m["calls"].get<long long>() << " calls, " << m["input_tokens"].get<long long>() << " in / "
      << m["output_tokens"].get<long long>() << " out tokens, $" << m["cost_usd"].get<double>();
  if (m.value("abandoned_calls", 0LL) > 0) {
    out << " (" << m["abandoned_calls"].get<long long>() << " cut off by a stop or kill, counted at their estimate)";
  }
  out << "\n";
  if (report.contains("model_spend")) out << spend_text(report["model_spend"]);
  return out.str();
}

}  // namespace ytm::status
