#include "core/pauses.hpp"

#include <algorithm>
#include <cstdio>

namespace ytm {

void Pauses::set(Pause pause) {
  std::erase_if(pauses_, [&](const Pause& p) { return p.stage == pause.stage && p.code == pause.code; });
  pauses_.push_back(std::move(pause));
  if (on_change) on_change();
}

void Pauses::clear(const std::string& stage, const std::string& code) {
  if (std::erase_if(pauses_, [&](const Pause& p) { return p.stage == stage && p.code == code; }) > 0 && on_change) {
    on_change();
  }
}

std::vector<Pause> Pauses::active(UnixTime now) {
  std::erase_if(pauses_, [now](const Pause& p) { return p.until && *p.until <= now; });
  return pauses_;
}

std::vector<Pause> Pauses::holding_workers(UnixTime now) {
  auto holding = active(now);
  std::erase_if(holding, [](const Pause& p) { return !p.holds_workers; });
  return holding;
}

std::string Pauses::describe(const Pause& pause, UnixTime now) {
  std::string text = pause.stage + " work paused";
  if (pause.until) {
    const long long left = std::max<long long>(*pause.until - now, 0);
    char in[48];
    std::snprintf(in, sizeof in, " (in %lldh %02lldm)", left / 3600, left / 60 % 60);
    text += " until " + format_iso8601(*pause.until) + in;
  }
  text += ": " + pause.reason;
  if (!pause.fix.empty()) text += " Fix: " + pause.fix;
  return text;
}

nlohmann::json Pauses::to_json(UnixTime now) {
  auto out = nlohmann::json::array();
  for (const auto& p : active(now)) {
    out.push_back({{"stage", p.stage},
                   {"code", p.code},
                   {"reason", p.reason},
                   {"until", p.until ? nlohmann::json(format_iso8601(*p.until)) : nlohmann::json(nullptr)},
                   {"fix", p.fix},
                   {"text", describe(p, now)}});
  }
  return out;
}

}  // namespace ytm
