#include "core/youtube.hpp"

#include <algorithm>
#include <array>

namespace ytm {

bool is_youtube_id_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool is_video_id(std::string_view text) {
  return text.size() == 11 && std::all_of(text.begin(), text.end(), is_youtube_id_char);
}

bool is_channel_id(std::string_view text) {
  return text.size() == 24 && text.starts_with("UC") && std::all_of(text.begin() + 2, text.end(), is_youtube_id_char);
}

std::string thumbnail_url(std::string_view video_id) {
  return std::string("https://i.ytimg.com/vi/").append(video_id).append("/hqdefault.jpg");
}

std::string watch_url(std::string_view video_id) { return "https://www.youtube.com/watch?v=" + std::string(video_id); }

std::optional<std::string> video_id_from(std::string_view text) {
  if (is_video_id(text)) return std::string(text);
  static constexpr std::array<std::string_view, 6> markers{"v=", "youtu.be/", "/shorts/", "/live/", "/embed/", "/v/"};
  for (auto marker : markers) {
    const auto at = text.find(marker);
    if (at == std::string_view::npos) continue;
    const auto start = at + marker.size();
    const auto id = text.substr(start, 11);
    if (is_video_id(id) && (text.size() == start + 11 || !is_youtube_id_char(text[start + 11]))) return std::string(id);
  }
  return std::nullopt;
}

}  // namespace ytm
