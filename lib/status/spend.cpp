#include "status/spend.hpp"

#include <cstdio>
#include <sstream>

#include "render/escape.hpp"

namespace ytm::status {

using nlohmann::json;

namespace {

UnixTime month_start(UnixTime now) {
  std::string ym = format_utc(now, "%Y-%m");
  std::tm tm{};
  tm.tm_year = std::stoi(ym.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(ym.substr(5, 2)) - 1;
  tm.tm_mday = 1;
  return static_cast<UnixTime>(timegm(&tm));
}

std::string dollars(double amount) {
  char text[32];
  std::snprintf(text, sizeof text, "$%.2f", amount);
  return text;
}

}  // namespace

json spend_json(const store::SpendSummary& s) {
  json out;
  out["calls"] = s.calls;
  out["failed_calls"] = s.failed_calls;
  out["abandoned_calls"] = s.abandoned_calls;
  out["batched_calls"] = s.batched_calls;
  out["input_tokens"] = s.input_tokens;
  out["output_tokens"] = s.output_tokens;
  out["cost_usd"] = s.cost_usd;
  out["list_cost_usd"] = s.list_cost_usd;
  return out;
}

json model_spend_json(const store::Store& store, UnixTime now) {
  const UnixTime month = month_start(now);
  json channels = json::array();
  for (const auto& c : store.spend_by_channel(month)) {
    json entry = spend_json(c.spend);
    entry["id"] = c.channel_id;
    entry["title"] = c.title;
    channels.push_back(std::move(entry));
  }
  json out;
  out["today"] = spend_json(store.spend_since(now - now % 86400));
  out["month"] = spend_json(store.spend_since(month));
  out["month_start"] = format_iso8601(month);
  out["channels"] = std::move(channels);
  return out;
}

std::string spend_words(const json& s) {
  std::string out = dollars(s.value("cost_usd", 0.0)) + " paid";
  const long long batched = s.value("batched_calls", 0LL);
  if (batched > 0) {
    out += " (" + dollars(s.value("list_cost_usd", 0.0)) + " at list price, " + std::to_string(batched) + " of " +
           std::to_string(s.value("calls", 0LL)) + " calls in batches at half price)";
  }
  return out;
}

std::string spend_text(const json& m) {
  std::ostringstream out;
  out << "Model this month: " << m["month"].value("calls", 0LL) << " calls, " << spend_words(m["month"]) << "\n";
  for (const auto& c : m["channels"]) {
    const std::string title = c.value("title", "");
    out << "  " << (title.empty() ? std::string("(no channel)") : title) << ": " << c.value("calls", 0LL)
        << " calls, " << c.value("input_tokens", 0LL) << " in / " << c.value("output_tokens", 0LL) << " out tokens, "
        << spend_words(c) << "\n";
  }
  return out.str();
}

std::string spend_html(const json& m) {
  std::ostringstream out;
  out << "<h2>Model cost</h2><p>Today " << render::xml_text(spend_words(m["today"])) << "; this month "
      << render::xml_text(spend_words(m["month"])) << ".</p>";
  if (m["channels"].empty()) return out.str();
  out << "<table><tr><th>Channel (this month)</th><th>calls</th><th>tokens in</th><th>tokens out</th><th>paid</th>"
         "<th>list price</th></tr>";
  for (const auto& c : m["channels"]) {
    out << "<tr><td>" << render::xml_text(c.value("title", "")) << "</td><td>" << c.value("calls", 0LL) << "</td><td>"
        << c.value("input_tokens", 0LL) << "</td><td>" << c.value("output_tokens", 0LL) << "</td><td>"
        << dollars(c.value("cost_usd", 0.0)) << "</td><td>" << dollars(c.value("list_cost_usd", 0.0))
        << "</td></tr>";
  }
  out << "</table>";
  return out.str();
}

std::string spend_metrics(const store::SpendSummary& all_time) {
  std::ostringstream out;
  out << "# HELP ytmonitor_model_list_cost_usd_total What the model calls would have cost at list price.\n"
      << "# TYPE ytmonitor_model_list_cost_usd_total counter\n"
      << "ytmonitor_model_list_cost_usd_total " << all_time.list_cost_usd << "\n"
      << "# HELP ytmonitor_model_batched_calls_total Model calls sent inside a batch (at its discount).\n"
      << "# TYPE ytmonitor_model_batched_calls_total counter\n"
      << "ytmonitor_model_batched_calls_total " << all_time.batched_calls << "\n";
  return out.str();
}

}  // namespace ytm::status
