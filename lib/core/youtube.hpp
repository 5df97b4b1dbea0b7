#pragma once
// YouTube's identifiers and the watch URL, as every part checks and writes them.
#include <optional>
#include <string>
#include <string_view>

namespace ytm {

// A-Z a-z 0-9 '_' '-': the alphabet of video and channel ids.
bool is_youtube_id_char(char c);
// Eleven characters of that alphabet ("dQw4w9WgXcQ").
bool is_video_id(std::string_view text);
// "UC" and 22 characters of that alphabet.
bool is_channel_id(std::string_view text);

// https://www.youtube.com/watch?v=ID
std::string watch_url(std::string_view video_id);
// The video's thumbnail that YouTube keeps for every video (480x360): https://i.ytimg.com/vi/ID/hqdefault.jpg
std::string thumbnail_url(std::string_view video_id);

// The video id in an id or a URL of any form (watch?v=, youtu.be/, /shorts/, /live/, /embed/, /v/).
std::optional<std::string> video_id_from(std::string_view text);

}  // namespace ytm
