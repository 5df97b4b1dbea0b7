#include "core/duration.hpp"

#include <cctype>
#include <cstdint>

namespace ytm {
namespace {

std::optional<std::int64_t> unit_ms(std::string_view unit) {
  if (unit == "ms") return 1;
  if (unit == "s") return 1000;
  if (unit == "m") return 60'000;
  if (unit == "h") return 3'600'000;
  if (unit == "d") return 86'400'000;
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t number = 0;
    std::size_t digits = 0;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits) {
      number = number * 10 + (text[i] - '0');
      if (number > 1'000'000'000) return std::nullopt;
    }
    std::size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    auto factor = unit_ms(text.substr(unit_start, i - unit_start));
    if (digits == 0 || !factor) return std::nullopt;
    total += number * *factor;
    if (total > 100'000'000'000'000'000) return std::nullopt;  // far past any setting; no overflow
  }
  return std::chrono::milliseconds(total);
}

std::string format_duration(std::chrono::milliseconds d) {
  auto ms = d.count();
  if (ms == 0) return "0s";
  // A wait of minutes is read in seconds: "4m40s", not "4m39s844ms".
  if (ms >= 60'000) ms = (ms + 500) / 1000 * 1000;
  std::string out;
  for (auto [unit, size] :
       {std::pair{"d", 86'400'000LL}, {"h", 3'600'000LL}, {"m", 60'000LL}, {"s", 1000LL}, {"ms", 1LL}}) {
    if (ms >= size) {
      out += std::to_string(ms / size) + unit;
      ms %= size;
    }
  }
  return out;
}

std::string format_clock(std::chrono::seconds t) {
  auto s = t.count() < 0 ? 0 : t.count();
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  }
  return buf;
}

}  // namespace ytm
