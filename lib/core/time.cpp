#include "core/time.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace ytm {
namespace {

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

UnixTime days_from_civil(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count();
}

std::optional<int> read_offset_seconds(std::string_view rest) {
  if (rest.empty() || rest == "Z" || rest == "z") return 0;
  int sign = rest[0] == '-' ? -1 : rest[0] == '+' ? 1 : 0;
  int hh = 0;
  int mm = 0;
  if (sign == 0 || !read_int(rest, 1, 2, hh)) return std::nullopt;
  std::size_t mpos = rest.size() > 3 && rest[3] == ':' ? 4 : 3;
  if (rest.size() > 3 && !read_int(rest, mpos, 2, mm)) return std::nullopt;
  return sign * (hh * 3600 + mm * 60);
}

}  // namespace

UnixTime now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string format_utc(UnixTime t, const char* pattern) {
  std::time_t tt = t;
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  return std::string(buf, std::strftime(buf, sizeof buf, pattern, &tm));
}

std::string format_iso8601(UnixTime t) { return format_utc(t, "%Y-%m-%dT%H:%M:%SZ"); }

std::string format_date(UnixTime t) { return format_iso8601(t).substr(0, 10); }

std::optional<UnixTime> parse_iso8601(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (s.size() == 8 && read_int(s, 0, 4, y) && read_int(s, 4, 2, mo) && read_int(s, 6, 2, d)) {
    return days_from_civil(y, mo, d) * 86400;
  }
  if (!read_int(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !read_int(s, 5, 2, mo) || s[7] != '-' ||
      !read_int(s, 8, 2, d) || mo < 1 || mo > 12 || d < 1 || d > 31) {
    return std::nullopt;
  }
  UnixTime base = days_from_civil(y, mo, d) * 86400;
  if (s.size() == 10) return base;
  if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !read_int(s, 11, 2, h) || s.size() < 19 || s[13] != ':' ||
      !read_int(s, 14, 2, mi) || s[16] != ':' || !read_int(s, 17, 2, sec)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
  }
  auto offset = read_offset_seconds(s.substr(pos));
  if (!offset) return std::nullopt;
  return base + std::int64_t{h} * 3600 + std::int64_t{mi} * 60 + sec - *offset;
}

}  // namespace ytm
