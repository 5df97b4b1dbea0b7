#pragma once
// yt-dlp versions are release dates: the one released `days` ago ("2026.11.21"), for stand-ins.
#include <ctime>
#include <string>

namespace ytm::test {

inline std::string ytdlp_version_days_ago(int days) {
  char text[16];
  std::time_t t = std::time(nullptr) - static_cast<std::time_t>(days) * 86400;
  std::tm utc{};
  gmtime_r(&t, &utc);
  std::strftime(text, sizeof text, "%Y.%m.%d", &utc);
  return text;
}

}  // namespace ytm::test
