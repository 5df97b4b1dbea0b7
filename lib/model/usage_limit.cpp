#include "model/usage_limit.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/text.hpp"
#include "core/time_zone.hpp"
#include "model/http_api.hpp"
#include "net/http_client.hpp"

namespace ytm::model {
namespace {

using namespace std::chrono_literals;
constexpr std::int64_t day = 86400;

struct Reader {
  std::string_view s;
  void spaces() {
    while (!s.empty() && (s.front() == ' ' || s.front() == ',')) s.remove_prefix(1);
  }
  bool word(std::string_view w) {
    if (!istarts_with(s, w)) return false;
    s.remove_prefix(w.size());
    return true;
  }
  std::optional<int> number() {
    int v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{}) return std::nullopt;
    s.remove_prefix(static_cast<std::size_t>(end - s.data()));
    return v;
  }
};

std::optional<unsigned> month(Reader& r) {
  static constexpr std::array<std::string_view, 12> names = {"jan", "feb", "mar", "apr", "may", "jun",
                                                             "jul", "aug", "sep", "oct", "nov", "dec"};
  for (unsigned i = 0; i < names.size(); ++i) {
    if (r.word(names[i])) {
      while (!r.s.empty() && std::isalpha(static_cast<unsigned char>(r.s.front()))) r.s.remove_prefix(1);
      return i + 1;
    }
  }
  return std::nullopt;
}

// The wall-clock seconds of the day: "3pm", "3:30 pm", "15:00".
std::optional<int> time_of_day(Reader& r) {
  auto hour = r.number();
  if (!hour) return std::nullopt;
  int minute = 0;
  if (r.word(":")) {
    auto m = r.number();
    if (!m || *m > 59) return std::nullopt;
    minute = *m;
  }
  r.spaces();
  if (r.word("pm")) {
    if (*hour < 12) *hour += 12;
  } else if (r.word("am")) {
    if (*hour == 12) *hour = 0;
  }
  if (*hour > 23) return std::nullopt;
  return *hour * 3600 + minute * 60;
}

std::string zone_after(Reader& r) {
  r.spaces();
  if (!r.word("(")) return std::string(local_zone);
  auto close = r.s.find(')');
  if (close == std::string_view::npos) return std::string(local_zone);
  return std::string(r.s.substr(0, close));
}

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days(year_month_day{year(y), std::chrono::month(m), std::chrono::day(d)}).time_since_epoch().count();
}

std::optional<UnixTime> wall_to_instant(const std::string& zone, std::int64_t wall) {
  if (auto t = from_wall_clock(zone, wall)) return t;
  return from_wall_clock(local_zone, wall);  // a zone this machine does not have: its own clock
}

std::optional<UnixTime> reset_after_word(std::string_view rest, UnixTime now) {
  Reader r{rest};
  r.spaces();
  r.word("at ");
  r.spaces();
  auto m = month(r);
  std::optional<int> mday;
  if (m) {
    r.spaces();
    mday = r.number();
    if (!mday || *mday < 1 || *mday > 31) return std::nullopt;
    r.spaces();
    r.word("at ");
    r.spaces();
  }
  auto seconds = time_of_day(r);
  if (!seconds) return std::nullopt;
  const std::string zone = zone_after(r);
  const int offset = utc_offset(zone, now).value_or(utc_offset(local_zone, now).value_or(0));
  const std::int64_t wall_now = now + offset;
  std::int64_t wall = 0;
  if (m) {
    const auto civil = std::chrono::year_month_day(std::chrono::sys_days(std::chrono::days(wall_now / day)));
    int y = static_cast<int>(civil.year());
    wall = days_from_civil(y, *m, static_cast<unsigned>(*mday)) * day + *seconds;
    if (wall + day < wall_now) wall = days_from_civil(y + 1, *m, static_cast<unsigned>(*mday)) * day + *seconds;
  } else {
    wall = wall_now - wall_now % day + *seconds;
    if (wall <= wall_now) wall += day;
  }
  return wall_to_instant(zone, wall);
}

std::optional<UnixTime> epoch_value(const nlohmann::json& v) {
  if (v.is_number()) {
    auto n = v.get<double>();
    if (n > 1e12) n /= 1000;  // milliseconds
    return n > 1e9 ? std::optional(static_cast<UnixTime>(n)) : std::nullopt;
  }
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (auto t = parse_iso8601(s); t && s.size() > 10) return t;
    std::int64_t n = 0;
    if (std::from_chars(s.data(), s.data() + s.size(), n).ec == std::errc{} && n > 1000000000) return n;
  }
  return std::nullopt;
}

// "6m0s", "1h2m3.5s", "20ms", or plain seconds.
std::optional<std::int64_t> duration_seconds(std::string_view text) {
  double total = 0;
  bool any = false;
  while (!text.empty()) {
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{}) return std::nullopt;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    any = true;
    if (text.starts_with("ms")) {
      total += v / 1000;
      text.remove_prefix(2);
    } else if (text.starts_with("h")) {
      total += v * 3600;
      text.remove_prefix(1);
    } else if (text.starts_with("m")) {
      total += v * 60;
      text.remove_prefix(1);
    } else if (text.starts_with("s")) {
      total += v;
      text.remove_prefix(1);
    } else if (text.empty()) {
      total += v;
    } else {
      return std::nullopt;
    }
  }
  if (!any) return std::nullopt;
  return static_cast<std::int64_t>(total + 0.999);
}

}  // namespace

std::optional<UnixTime> reset_in_text(std::string_view text, UnixTime now) {
  if (auto bar = text.find('|'); bar != std::string_view::npos && mentions(text, {"limit"})) {
    std::int64_t epoch = 0;
    const char* begin = text.data() + bar + 1;
    if (std::from_chars(begin, text.data() + text.size(), epoch).ec == std::errc{} && epoch > now) return epoch;
  }
  for (std::string_view marker : {"resets", "reset at", "reset on", "will reset"}) {
    for (std::size_t at = 0; at < text.size();) {
      Reader r{text.substr(at)};
      std::size_t found = std::string_view::npos;
      for (std::size_t i = 0; i + marker.size() <= r.s.size(); ++i) {
        Reader probe{r.s.substr(i)};
        if (probe.word(marker)) {
          found = i;
          break;
        }
      }
      if (found == std::string_view::npos) break;
      auto rest = text.substr(at + found + marker.size());
      if (auto t = reset_after_word(rest, now)) return t;
      at += found + marker.size();
    }
  }
  return std::nullopt;
}

std::optional<UnixTime> reset_in_json(const nlohmann::json& value) {
  if (!value.is_object()) return std::nullopt;
  for (const auto& [key, v] : value.items()) {
    if (ascii_lower(key).find("reset") != std::string::npos) {
      if (auto t = epoch_value(v)) return t;
    }
    if (v.is_object()) {
      if (auto t = reset_in_json(v)) return t;
    }
  }
  return std::nullopt;
}

bool is_limit_banner(std::string_view text) {
  if (text.size() > 400) return false;
  return mentions(text, {"hit your limit", "usage limit reached", "-hour limit reached", "weekly limit reached",
                         "limit reached ∙ resets", "limit reached · resets", "out of extra usage"});
}

std::optional<std::chrono::seconds> limit_wait(const net::HttpResponse& response, UnixTime now) {
  if (auto after = net::retry_after(response)) return after;
  std::optional<std::int64_t> exhausted;
  std::optional<std::int64_t> any;
  for (const auto& h : response.headers) {
    const std::string name = ascii_lower(h.name);
    const bool anthropic = name.starts_with("anthropic-ratelimit-") && name.ends_with("-reset");
    const bool openai = name.starts_with("x-ratelimit-reset");
    if (!anthropic && !openai) continue;
    std::optional<std::int64_t> wait;
    if (auto t = epoch_value(nlohmann::json(h.value))) {
      wait = *t - now;
    } else if (openai) {
      wait = duration_seconds(h.value);
    }
    if (!wait) continue;
    any = std::max(any.value_or(0), *wait);
    // The matching "remaining" header: anthropic-ratelimit-X-remaining, x-ratelimit-remaining-X.
    std::string remaining = anthropic ? name.substr(0, name.size() - 6) + "-remaining"
                                      : "x-ratelimit-remaining" + name.substr(std::string("x-ratelimit-reset").size());
    auto left = response.header(remaining);
    if (left && *left == "0") exhausted = std::max(exhausted.value_or(0), *wait);
    if (name.find("unified") != std::string::npos) exhausted = std::max(exhausted.value_or(0), *wait);
  }
  auto wait = exhausted ? exhausted : any;
  if (!wait) return std::nullopt;
  return std::chrono::seconds(std::max<std::int64_t>(*wait, 0));
}

Failure usage_limit_failure(const std::string& said, std::optional<UnixTime> reset, UnixTime now) {
  const bool stated = reset && *reset > now;
  const UnixTime until = stated ? *reset : now + 3600;
  Failure failure = Failure::paused(
      FailureCode::usage_limit, said + "; the model's usage limit is reached: model work resumes at " + format_iso8601(until) +
                         (stated ? " (its stated reset)" : " (no reset was stated: an hour from now)"));
  failure.retry_after = std::chrono::seconds(until - now);
  return failure;
}

}  // namespace ytm::model
