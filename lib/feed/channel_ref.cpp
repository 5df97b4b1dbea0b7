#include "feed/channel_ref.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/text.hpp"

namespace ytm::feed {
namespace {

// Handles may be non-Latin since 2023: any UTF-8 byte, plus ASCII letters, digits, '_', '-', '.'.
bool is_handle(std::string_view h) {
  return h.size() >= 3 && h.size() <= 100 && std::all_of(h.begin(), h.end(), [](char c) {
           return is_youtube_id_char(c) || c == '.' || static_cast<unsigned char>(c) >= 0x80;
         });
}

bool is_name(std::string_view n) {
  return !n.empty() && n.size() <= 100 && std::all_of(n.begin(), n.end(), [](char c) {
    return is_youtube_id_char(c) || c == '.' || static_cast<unsigned char>(c) >= 0x80;
  });
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) && hex(s[i + 2])) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (is_youtube_id_char(static_cast<char>(c)) || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', digits[c >> 4], digits[c & 15]};
    }
  }
  return out;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    auto slash = path.find('/');
    auto part = path.substr(0, slash);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

std::string query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    if (pair.substr(0, name.size()) == name && pair.size() > name.size() && pair[name.size()] == '=') {
      return percent_decode(pair.substr(name.size() + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

Failure not_understood(std::string_view text, const std::string& why) {
  return Failure::permanent(FailureCode::bad_channel_ref, "cannot read \"" + std::string(text) + "\" as a channel: " + why +
                                                   " (write UC…, @handle, or a channel or video URL)");
}

Outcome<ChannelRef> channel_id_ref(std::string_view original, std::string_view id) {
  if (is_channel_id(id)) return ChannelRef{ChannelRef::channel_id, std::string(id)};
  if (id.substr(0, 2) == "UC" && id.size() != 24) {
    return not_understood(original,
                          "a channel id has 22 characters after \"UC\", this one has " + std::to_string(id.size() - 2));
  }
  return not_understood(original, "\"" + std::string(id) + "\" is not a channel id");
}

Outcome<ChannelRef> video_ref(std::string_view original, std::string_view id) {
  if (is_video_id(id)) return ChannelRef{ChannelRef::video, std::string(id)};
  return not_understood(original, "\"" + std::string(id) + "\" is not a video id");
}

Outcome<ChannelRef> named_ref(std::string_view original, ChannelRef::Kind kind, std::string name) {
  bool ok = kind == ChannelRef::handle ? is_handle(name) : is_name(name);
  if (ok) return ChannelRef{kind, std::move(name)};
  return not_understood(original, "\"" + name + "\" is not a valid " + to_string(kind) + " name");
}

Outcome<ChannelRef> from_path(std::string_view original, bool short_host, std::string_view path,
                              std::string_view query) {
  auto parts = split_path(path);
  if (short_host) {
    if (parts.size() == 1) return video_ref(original, parts[0]);
    return not_understood(original, "a youtu.be link names one video: youtu.be/ID");
  }
  if (parts.empty()) return not_understood(original, "the URL names no channel or video");
  auto head = parts[0];
  auto arg = parts.size() > 1 ? parts[1] : std::string_view{};
  if (head.front() == '@') return named_ref(original, ChannelRef::handle, percent_decode(head.substr(1)));
  if (head == "channel" && !arg.empty()) return channel_id_ref(original, arg);
  if (head == "c" && !arg.empty()) return named_ref(original, ChannelRef::custom, percent_decode(arg));
  if (head == "user" && !arg.empty()) return named_ref(original, ChannelRef::user, percent_decode(arg));
  if ((head == "shorts" || head == "live" || head == "embed" || head == "v") && !arg.empty()) {
    return video_ref(original, arg);
  }
  if (head == "watch") {
    auto v = query_param(query, "v");
    if (v.empty()) return not_understood(original, "a watch URL without ?v=");
    return video_ref(original, v);
  }
  if (head == "feeds") {
    auto id = query_param(query, "channel_id");
    if (!id.empty()) return channel_id_ref(original, id);
  }
  return not_understood(original, "\"/" + std::string(head) + "\" is not a channel or video path");
}

bool strip_prefix(std::string_view& s, std::string_view prefix) {
  if (!istarts_with(s, prefix)) return false;
  s.remove_prefix(prefix.size());
  return true;
}

Outcome<ChannelRef> from_url(std::string_view original, std::string_view url) {
  bool had_scheme = strip_prefix(url, "https://") || strip_prefix(url, "http://");
  url = url.substr(0, url.find('#'));
  auto query_at = url.find('?');
  auto query = query_at == std::string_view::npos ? std::string_view{} : url.substr(query_at + 1);
  url = url.substr(0, query_at);
  if (!url.empty() && url.front() == '/') return from_path(original, false, url, query);
  auto slash = url.find('/');
  const std::string host = ascii_lower(url.substr(0, slash));
  auto path = slash == std::string_view::npos ? std::string_view{} : url.substr(slash);
  if (host == "youtu.be" || host == "www.youtu.be") return from_path(original, true, path, query);
  for (std::string_view known : {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}) {
    if (host == known) return from_path(original, false, path, query);
  }
  if (had_scheme || host.find('.') != std::string::npos) {
    return not_understood(original, "\"" + host + "\" is not a YouTube address");
  }
  return not_understood(original, "not a channel id, a handle (@name) or a URL");
}

std::string base_of(std::string_view base_url) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  return std::string(base_url);
}

}  // namespace

const char* to_string(ChannelRef::Kind kind) {
  switch (kind) {
    case ChannelRef::channel_id: return "channel id";
    case ChannelRef::handle: return "handle";
    case ChannelRef::custom: return "custom URL";
    case ChannelRef::user: return "user";
    case ChannelRef::video: return "video";
  }
  return "unknown";
}

Outcome<ChannelRef> parse_channel_ref(std::string_view text) {
  auto t = trim(text);
  if (t.empty()) return not_understood(text, "it is empty");
  if (t.front() == '@') return named_ref(text, ChannelRef::handle, percent_decode(t.substr(1)));
  if (t.substr(0, 2) == "UC" && t.find_first_of("/.:?") == std::string_view::npos) return channel_id_ref(text, t);
  return from_url(text, t);
}

std::string feed_url(std::string_view base_url, std::string_view channel_id) {
  return base_of(base_url) + "/feeds/videos.xml?channel_id=" + std::string(channel_id);
}

std::string page_url(std::string_view base_url, const ChannelRef& ref) {
  auto base = base_of(base_url);
  switch (ref.kind) {
    case ChannelRef::channel_id: return base + "/channel/" + ref.value;
    case ChannelRef::handle: return base + "/@" + percent_encode(ref.value);
    case ChannelRef::custom: return base + "/c/" + percent_encode(ref.value);
    case ChannelRef::user: return base + "/user/" + percent_encode(ref.value);
    case ChannelRef::video: return base + "/watch?v=" + ref.value;
  }
  return base;
}

std::string uploads_url(std::string_view base_url, std::string_view channel_id) {
  return base_of(base_url) + "/channel/" + std::string(channel_id) + "/videos";
}

}  // namespace ytm::feed
