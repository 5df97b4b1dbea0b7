// The Beast-free parts of the client's API: header look-up, Retry-After and HTTP dates.
#include "net/detail/strings.hpp"
#include "net/http_client.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <ctime>

namespace ytm::net {
namespace {

using detail::iequals;

std::optional<int> month_index(std::string_view name) {
  static constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < months.size(); ++i) {
    if (iequals(months[i], name)) return static_cast<int>(i);
  }
  return std::nullopt;
}

// Splits on spaces, commas, dashes and colons: every HTTP-date form becomes a list of fields.
std::vector<std::string_view> date_fields(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ' || text[i] == ',' || text[i] == '-' || text[i] == ':') {
      if (i > start) fields.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return fields;
}

std::optional<int> number(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& h : headers) {
    if (iequals(h.name, name)) return h.value;
  }
  return std::nullopt;
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  auto f = date_fields(text);
  // IMF-fixdate: Sun 06 Nov 1994 08 49 37 GMT; RFC 850: Sunday 06 Nov 94 08 49 37 GMT;
  // asctime: Sun Nov 6 08 49 37 1994.
  std::optional<int> day, month, year, hour, minute, second;
  if (f.size() == 8 && iequals(f[7], "GMT")) {
    day = number(f[1]), month = month_index(f[2]), year = number(f[3]);
    hour = number(f[4]), minute = number(f[5]), second = number(f[6]);
    if (year && f[3].size() == 2) *year += *year < 70 ? 2000 : 1900;
  } else if (f.size() == 7) {
    month = month_index(f[1]), day = number(f[2]), hour = number(f[3]);
    minute = number(f[4]), second = number(f[5]), year = number(f[6]);
  }
  if (!day || !month || !year || !hour || !minute || !second) return std::nullopt;
  if (*day < 1 || *day > 31 || *hour > 23 || *minute > 59 || *second > 60 || *year < 1970) return std::nullopt;
  std::tm tm{};
  tm.tm_year = *year - 1900;
  tm.tm_mon = *month;
  tm.tm_mday = *day;
  tm.tm_hour = *hour;
  tm.tm_min = *minute;
  tm.tm_sec = *second;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::optional<std::chrono::seconds> retry_after(const HttpResponse& response) {
  auto value = response.header("Retry-After");
  if (!value) return std::nullopt;
  std::string_view v = *value;
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (!v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t seconds = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
    if (ec != std::errc{}) return std::nullopt;
    return std::chrono::seconds(seconds);
  }
  auto when = parse_http_date(v);
  if (!when) return std::nullopt;
  std::int64_t now = std::time(nullptr);
  if (auto date = response.header("Date")) {
    if (auto server_now = parse_http_date(*date)) now = *server_now;
  }
  return std::chrono::seconds(std::max<std::int64_t>(0, *when - now));
}

}  // namespace ytm::net
