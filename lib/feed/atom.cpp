#include "feed/atom.hpp"

#include "core/text.hpp"
#include "core/text_position.hpp"
#include "core/utf8.hpp"
#include "core/youtube.hpp"
#include "feed/channel_ref.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace ytm::feed {
namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kYtNs = "http://www.youtube.com/xml/schemas/2015";
constexpr std::string_view kMediaNs = "http://search.yahoo.com/mrss/";

// pugixml does not resolve namespaces; YouTube always declares them on the root, so the prefixes
// found there name the elements ("yt:videoId"), whatever they are spelled.
struct Names {
  std::string atom, yt = "yt:", media = "media:";

  explicit Names(const pugi::xml_node& root) {
    std::string_view root_name = root.name();
    auto colon = root_name.find(':');
    if (colon != std::string_view::npos) atom = std::string(root_name.substr(0, colon + 1));
    for (auto attr : root.attributes()) {
      std::string_view name = attr.name();
      if (name.substr(0, 6) != "xmlns:") continue;
      std::string prefix = std::string(name.substr(6)) + ":";
      if (attr.value() == kYtNs) yt = prefix;
      if (attr.value() == kMediaNs) media = prefix;
      if (attr.value() == kAtomNs) atom = prefix;
    }
  }
};

// The qualified name is built on the stack: this runs twenty times per entry.
pugi::xml_node child(const pugi::xml_node& node, const std::string& prefix, std::string_view local) {
  char name[96];
  if (prefix.size() + local.size() >= sizeof name) return {};
  std::memcpy(name, prefix.data(), prefix.size());
  std::memcpy(name + prefix.size(), local.data(), local.size());
  name[prefix.size() + local.size()] = '\0';
  return node.child(name);
}

std::string text_of(const pugi::xml_node& node, const std::string& prefix, const char* local) {
  // pugixml writes "&#xD800;" as the bytes of a surrogate: made valid before it is stored.
  return valid_utf8(trim(child(node, prefix, local).child_value()));
}

std::int64_t count_attr(const pugi::xml_node& node, const char* attr) {
  std::string_view v = trim(node.attribute(attr).value());
  std::int64_t n = -1;
  if (v.empty() || std::from_chars(v.data(), v.data() + v.size(), n).ec != std::errc{}) return -1;
  return n;
}

UnixTime time_of(const pugi::xml_node& node, const std::string& prefix, const char* local) {
  return parse_iso8601(text_of(node, prefix, local)).value_or(0);
}

// The 2026 feeds write "yt:channel:<22 chars>" in the header; restore the prefix they dropped.
std::string with_uc_prefix(std::string_view id) {
  id = trim(id);
  if (id.size() == 22) return "UC" + std::string(id);
  return std::string(id);
}

std::string alternate_link(const pugi::xml_node& node, const Names& ns) {
  const std::string name = ns.atom + "link";  // children(name) keeps the pointer: it must outlive the loop
  for (auto link : node.children(name.c_str())) {
    std::string_view rel = link.attribute("rel").value();
    if (rel.empty() || rel == "alternate") return link.attribute("href").value();
  }
  return {};
}

std::string video_id_of(const pugi::xml_node& entry, const Names& ns, std::string_view link) {
  std::string id = text_of(entry, ns.yt, "videoId");
  if (id.empty()) {
    std::string_view atom_id = trim(child(entry, ns.atom, "id").child_value());
    if (atom_id.substr(0, 9) == "yt:video:") id = std::string(atom_id.substr(9));
  }
  if (id.empty() && !link.empty()) {
    auto ref = parse_channel_ref(link);
    if (ref && ref->kind == ChannelRef::video) id = ref->value;
  }
  return id;
}

void read_media_group(const pugi::xml_node& entry, const Names& ns, FeedEntry& e) {
  auto group = child(entry, ns.media, "group");
  if (!group) return;
  e.description = valid_utf8(child(group, ns.media, "description").child_value());
  e.thumbnail = child(group, ns.media, "thumbnail").attribute("url").value();
  if (e.title.empty()) e.title = text_of(group, ns.media, "title");
  auto community = child(group, ns.media, "community");
  e.star_count = count_attr(child(community, ns.media, "starRating"), "count");
  e.views = count_attr(child(community, ns.media, "statistics"), "views");
}

std::optional<FeedEntry> read_entry(const pugi::xml_node& entry, const Names& ns) {
  FeedEntry e;
  e.link = alternate_link(entry, ns);
  e.video_id = video_id_of(entry, ns, e.link);
  if (!is_video_id(e.video_id)) return std::nullopt;
  if (e.link.empty()) e.link = watch_url(e.video_id);
  e.is_short = e.link.find("/shorts/") != std::string::npos;
  e.channel_id = with_uc_prefix(text_of(entry, ns.yt, "channelId"));
  e.title = valid_utf8(child(entry, ns.atom, "title").child_value());
  e.published = time_of(entry, ns.atom, "published");
  e.updated = time_of(entry, ns.atom, "updated");
  if (e.published == 0) e.published = e.updated;
  read_media_group(entry, ns, e);
  return e;
}

std::string describe(std::string_view requested) {
  return requested.empty() ? std::string("the feed") : "the feed of " + std::string(requested);
}

Failure invalid(std::string_view requested, const std::string& why) {
  return Failure::transient(FailureCode::feed_invalid, describe(requested) + " " + why);
}

Failure xml_error(std::string_view xml, std::string_view requested, const pugi::xml_parse_result& result) {
  auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(result.offset, 0));
  offset = std::min(offset, xml.size());
  return invalid(requested, "is not valid XML: " + line_and_column(xml, offset) + " (byte " + std::to_string(offset) +
                                " of " + std::to_string(xml.size()) + "): " + result.description());
}

bool looks_like_html(std::string_view body) {
  body = trim(body.substr(0, 512));
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  return istarts_with(body, "<!doctype html") || istarts_with(body, "<html");
}

Feed read_header(const pugi::xml_node& root, const Names& ns) {
  Feed feed;
  feed.title = valid_utf8(child(root, ns.atom, "title").child_value());
  feed.author = text_of(child(root, ns.atom, "author"), ns.atom, "name");
  feed.channel_url = alternate_link(root, ns);
  if (feed.channel_url.empty()) feed.channel_url = text_of(child(root, ns.atom, "author"), ns.atom, "uri");
  return feed;
}

// A collab upload can sit at the top of the feed, so the most frequent entry id wins, not the first.
std::string entries_channel_id(const std::vector<FeedEntry>& entries) {
  std::string best;
  std::ptrdiff_t best_count = 0;
  for (const auto& e : entries) {
    auto n =
        std::count_if(entries.begin(), entries.end(), [&](const FeedEntry& o) { return o.channel_id == e.channel_id; });
    if (!e.channel_id.empty() && n > best_count) {
      best = e.channel_id;
      best_count = n;
    }
  }
  return best;
}

std::string header_channel_id(const pugi::xml_node& root, const Names& ns) {
  std::string id = text_of(root, ns.yt, "channelId");
  if (id.empty()) {
    std::string_view atom_id = trim(child(root, ns.atom, "id").child_value());
    if (atom_id.substr(0, 11) == "yt:channel:") id = std::string(atom_id.substr(11));
  }
  return with_uc_prefix(id);
}

}  // namespace

Outcome<Feed> parse_feed(std::string_view xml_in, std::string_view requested_channel_id) {
  std::string repaired;  // a feed saved in Latin-1 or cut mid-character still reads, with U+FFFD
  const std::string_view xml = valid_utf8_view(xml_in, repaired);
  if (trim(xml).empty()) return invalid(requested_channel_id, "is empty");
  if (looks_like_html(xml)) {
    return invalid(requested_channel_id, "came back as an HTML page, not an Atom feed (an error or consent page?)");
  }
  pugi::xml_document doc;
  auto result = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result) return xml_error(xml, requested_channel_id, result);
  auto root = doc.document_element();
  std::string_view root_name = root.name();
  auto colon = root_name.find(':');
  if ((colon == std::string_view::npos ? root_name : root_name.substr(colon + 1)) != "feed") {
    return invalid(requested_channel_id, "is not an Atom feed: its root element is <" + std::string(root_name) + ">");
  }
  Names ns(root);
  Feed feed = read_header(root, ns);
  const std::string entry_name = ns.atom + "entry";  // children(name) keeps the pointer
  for (auto node : root.children(entry_name.c_str())) {
    auto entry = read_entry(node, ns);
    if (entry) {
      feed.entries.push_back(std::move(*entry));
    } else {
      ++feed.dropped_entries;
    }
  }
  feed.channel_id = std::string(requested_channel_id);
  if (feed.channel_id.empty()) feed.channel_id = entries_channel_id(feed.entries);
  if (feed.channel_id.empty()) feed.channel_id = header_channel_id(root, ns);
  for (auto& e : feed.entries) e.foreign_channel = !e.channel_id.empty() && e.channel_id != feed.channel_id;
  return feed;
}

}  // namespace ytm::feed
