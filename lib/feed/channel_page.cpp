#include "feed/channel_page.hpp"

#include "core/utf8.hpp"
#include "core/youtube.hpp"
#include "feed/channel_ref.hpp"
#include "feed/html_scan.hpp"

#include <optional>

namespace ytm::feed {
namespace {

using Found = std::optional<std::string>;

bool attr_is(std::string_view tag, std::string_view name, std::string_view value) {
  auto v = html::attribute(tag, name);
  return v && *v == value;
}

Found meta(std::string_view page, std::string_view key_attr, std::string_view key) {
  auto tag = html::find_tag(page, "meta", [&](std::string_view t) { return attr_is(t, key_attr, key); });
  if (!tag) return std::nullopt;
  auto content = html::attribute(*tag, "content");
  if (!content) return std::nullopt;
  return html::decode_entities(*content);
}

Found link_href(std::string_view page, std::string_view rel) {
  auto tag = html::find_tag(page, "link", [&](std::string_view t) { return attr_is(t, "rel", rel); });
  if (!tag) return std::nullopt;
  auto href = html::attribute(*tag, "href");
  if (!href) return std::nullopt;
  return html::decode_entities(*href);
}

// "…/channel/UC…", "…?channel_id=UC…" or a bare "UC…": the id if it is a valid one.
Found id_after(const Found& text, std::string_view marker) {
  if (!text) return std::nullopt;
  auto at = marker.empty() ? 0 : text->find(marker);
  if (at == std::string::npos) return std::nullopt;
  auto id = text->substr(at + marker.size(), 24);
  if (!is_channel_id(id)) return std::nullopt;
  return id;
}

Found first_of(std::initializer_list<Found> candidates) {
  for (const auto& c : candidates) {
    if (c && !c->empty()) return c;
  }
  return std::nullopt;
}

Found rss_channel_id(std::string_view page) {
  auto tag = html::find_tag(page, "link", [](std::string_view t) { return attr_is(t, "type", "application/rss+xml"); });
  if (!tag) return std::nullopt;
  auto href = html::attribute(*tag, "href");
  return id_after(href ? Found(std::string(*href)) : std::nullopt, "channel_id=");
}

Found title_element(std::string_view page) {
  auto start = page.find("<title");
  if (start == std::string_view::npos) return std::nullopt;
  start = page.find('>', start);
  auto end = page.find("</title>", start);
  if (start == std::string_view::npos || end == std::string_view::npos) return std::nullopt;
  auto title = html::decode_entities(page.substr(start + 1, end - start - 1));
  constexpr std::string_view suffix = " - YouTube";
  if (title.ends_with(suffix)) title.resize(title.size() - suffix.size());
  auto first = title.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || title == "YouTube") return std::nullopt;
  return title.substr(first, title.find_last_not_of(" \t\r\n") + 1 - first);
}

bool is_watch_page(std::string_view page) {
  auto canonical = link_href(page, "canonical");
  if (canonical && canonical->find("/watch?v=") != std::string::npos) return true;
  auto type = meta(page, "property", "og:type");
  return type && type->starts_with("video");
}

// The uploader block: <span itemprop="author" …><link itemprop="url" href="…/@x"><link itemprop="name" content="…">
Found author_block_attr(std::string_view page, std::string_view itemprop, std::string_view attr) {
  auto author = page.find("itemprop=\"author\"");
  if (author == std::string_view::npos) return std::nullopt;
  auto block = page.substr(author, page.find("</span>", author) - author);
  auto tag = html::find_tag(block, "link", [&](std::string_view t) { return attr_is(t, "itemprop", itemprop); });
  if (!tag) return std::nullopt;
  auto value = html::attribute(*tag, attr);
  if (!value) return std::nullopt;
  return html::decode_entities(*value);
}

Outcome<ChannelPage> read_watch_page(std::string_view page) {
  auto id =
      first_of({id_after(meta(page, "itemprop", "channelId"), ""), id_after(html::json_value(page, "channelId"), ""),
                id_after(author_block_attr(page, "url", "href"), "/channel/")});
  if (!id) {
    return Failure::permanent(FailureCode::page_unrecognised,
                              "the video page does not name its channel (no channelId); the video may be private "
                              "or removed, or YouTube changed its pages: subscribe by channel id instead");
  }
  auto title = first_of({author_block_attr(page, "name", "content"), html::json_value(page, "ownerChannelName"),
                         html::json_value(page, "author")});
  return ChannelPage{*id, title.value_or(""), true};
}

Outcome<ChannelPage> read_channel_page(std::string_view page) {
  auto id =
      first_of({id_after(link_href(page, "canonical"), "/channel/"), id_after(meta(page, "itemprop", "identifier"), ""),
                id_after(html::json_value(page, "externalId"), ""), rss_channel_id(page)});
  if (!id) {
    return Failure::permanent(FailureCode::page_unrecognised,
                              "the page does not name a channel (no canonical /channel/UC… link, identifier, "
                              "externalId or RSS link): check the handle or URL, or subscribe by channel id");
  }
  auto title = first_of({meta(page, "property", "og:title"), meta(page, "name", "title"), title_element(page)});
  return ChannelPage{*id, title.value_or(""), false};
}

bool is_consent_page(std::string_view page) {
  return page.find("action=\"https://consent.youtube.com") != std::string_view::npos ||
         page.find("action=\"https://consent.google.com") != std::string_view::npos;
}

}  // namespace

Outcome<ChannelPage> parse_channel_page(std::string_view html_in) {
  std::string repaired;  // names taken from the page are stored and shown: valid UTF-8 only
  const std::string_view html = valid_utf8_view(html_in, repaired);
  if (is_consent_page(html)) {
    return Failure::paused(FailureCode::consent_page,
                           "YouTube answered with its cookie consent page (consent.youtube.com) instead of the "
                           "channel page: this happens from some regions; subscribe by channel id (UC…) or resolve "
                           "it with yt-dlp --print channel_id --playlist-items 1 URL");
  }
  auto page = is_watch_page(html) ? read_watch_page(html) : read_channel_page(html);
  if (!page && html.find("consent.youtube.com") != std::string_view::npos) {
    return Failure::paused(FailureCode::consent_page,
                           "YouTube sent a page that points to consent.youtube.com and names no "
                           "channel: it wants cookie consent; subscribe by channel id (UC…)");
  }
  return page;
}

}  // namespace ytm::feed
