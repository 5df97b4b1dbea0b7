#include "core/time_zone.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace ytm {
namespace {

struct Zone {
  std::vector<std::int64_t> transitions;  // instants, ascending
  std::vector<std::uint8_t> type_of;      // the local time type from each transition on
  std::vector<int> offsets;               // per type
};

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.find("..") != std::string_view::npos)
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+';
  });
}

std::int64_t big_endian(const std::string& data, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(data[at + static_cast<std::size_t>(i)]);
  if (bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

// TZif (RFC 8536): the 64-bit block of version 2 and later files, else the 32-bit one.
std::optional<Zone> parse_tzif(const std::string& data) {
  auto counts = [&](std::size_t at) {
    std::array<std::int64_t, 6> c{};
    for (std::size_t i = 0; i < 6; ++i) c[i] = big_endian(data, at + 20 + 4 * i, 4);
    return c;  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  };
  if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) return std::nullopt;
  std::size_t at = 0;
  int time_bytes = 4;
  auto c = counts(0);
  if (data[4] >= '2') {
    at = 44 + static_cast<std::size_t>(c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]);
    if (data.size() < at + 44) return std::nullopt;
    c = counts(at);
    time_bytes = 8;
  }
  const auto timecnt = static_cast<std::size_t>(c[3]);
  const auto typecnt = static_cast<std::size_t>(c[4]);
  std::size_t p = at + 44;
  if (typecnt == 0 || data.size() < p + timecnt * (time_bytes + 1) + typecnt * 6) return std::nullopt;
  Zone zone;
  for (std::size_t i = 0; i < timecnt; ++i)
    zone.transitions.push_back(big_endian(data, p + i * time_bytes, time_bytes));
  p += timecnt * time_bytes;
  for (std::size_t i = 0; i < timecnt; ++i) zone.type_of.push_back(static_cast<std::uint8_t>(data[p + i]));
  p += timecnt;
  for (std::size_t i = 0; i < typecnt; ++i) zone.offsets.push_back(static_cast<int>(big_endian(data, p + i * 6, 4)));
  for (auto t : zone.type_of) {
    if (t >= typecnt) return std::nullopt;
  }
  return zone;
}

std::optional<Zone> load_zone(std::string_view name) {
  std::string file = name == local_zone ? "/etc/localtime" : "";
  if (file.empty()) {
    if (!valid_name(name)) return std::nullopt;
    file = "/usr/share/zoneinfo/" + std::string(name);
  }
  auto data = read_file(file);
  if (!data) return std::nullopt;
  return parse_tzif(*data);
}

int offset_at(const Zone& zone, UnixTime t) {
  auto it = std::upper_bound(zone.transitions.begin(), zone.transitions.end(), t);
  if (it == zone.transitions.begin()) return zone.offsets.front();
  return zone.offsets[zone.type_of[static_cast<std::size_t>(it - zone.transitions.begin() - 1)]];
}

}  // namespace

std::optional<int> utc_offset(std::string_view zone, UnixTime t) {
  auto z = load_zone(zone);
  if (!z) return std::nullopt;
  return offset_at(*z, t);
}

std::optional<UnixTime> from_wall_clock(std::string_view zone, std::int64_t wall) {
  auto z = load_zone(zone);
  if (!z) return std::nullopt;
  // Guess with the offset a day either side; the one that round-trips is the answer.
  for (int before : {offset_at(*z, wall - 86400), offset_at(*z, wall + 86400)}) {
    const UnixTime t = wall - before;
    if (t + offset_at(*z, t) == wall) return t;
  }
  return wall - offset_at(*z, wall + 86400);
}

}  // namespace ytm
