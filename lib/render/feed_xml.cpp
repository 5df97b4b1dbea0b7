#include "render/feed_xml.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "render/digest.hpp"
#include "render/labels.hpp"
#include "render/markdown.hpp"
#include "render/output_dir.hpp"
#include "render/escape.hpp"
#include "store/store.hpp"

namespace ytm::render {
namespace {

// A urn:uuid (RFC 4122 version 5 layout) from a hash, so the feed's id never changes for a folder.
std::string uuid_urn(std::string_view seed) {
  auto hex = sha256_hex(seed).substr(0, 32);
  hex[12] = '5';
  hex[16] = "89ab"[hex[16] % 4];
  return "urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) +
         "-" + hex.substr(20);
}

std::string element(std::string_view name, std::string_view text) {
  return "    <" + std::string(name) + ">" + xml_text(text) + "</" + std::string(name) + ">\n";
}

std::string entry(const FeedEntry& e) {
  std::string out = "  <entry>\n";
  out += element("title", e.title);
  out += element("id", e.id);
  out += "    <link rel=\"alternate\" type=\"" + std::string(e.path.empty() ? "text/markdown" : "text/html") +
         "\" href=\"" + xml_text(e.link) + "\"/>\n";
  if (!e.path.empty()) {
    out += "    <link rel=\"related\" type=\"text/markdown\" href=\"" + xml_text(url_encode_path(e.path)) +
           "\" title=\"" + xml_text(e.path) + "\"/>\n";
  }
  out += element("published", format_iso8601(e.published));
  out += element("updated", format_iso8601(std::max(e.updated, e.published)));
  out += "    <author>\n  " + element("name", e.author.empty() ? "YouTube" : e.author) + "    </author>\n";
  if (!e.summary.empty()) out += element("summary", e.summary);
  return out + "  </entry>\n";
}

FeedEntry document_entry(const store::DocumentSummary& d) {
  auto url = watch_url(d.video_id);
  return {url,    d.title.empty() ? d.video_id : d.title, url,         d.path, d.channel,
          d.tldr, d.published_at.value_or(d.written_at),  d.written_at};
}

FeedEntry digest_entry(const store::DigestRecord& d, const config::Config& config) {
  auto kind = d.period.find("-W") != std::string::npos ? config::Digest::weekly : config::Digest::daily;
  const auto& labels = labels_for(config.output.language);
  auto count =
      fill(labels.digest_count, {{"documents", std::to_string(d.documents)}, {"channels", std::to_string(d.channels)}});
  return {uuid_urn("ytmonitor digest " + config.output_dir.string() + " " + d.period),
          digest_title({d.period, 0, 0, kind}, config.output.language),
          url_encode_path(d.path),
          "",
          "ytmonitor",
          count,
          d.written_at,
          d.written_at};
}

}  // namespace

std::string render_feed(const FeedHeader& header, const std::vector<FeedEntry>& entries) {
  UnixTime updated = entries.empty() ? header.now : 0;
  for (const auto& e : entries) updated = std::max({updated, e.updated, e.published});
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += "  <title>" + xml_text(header.title) + "</title>\n";
  out += "  <id>" + xml_text(header.id) + "</id>\n";
  out += "  <updated>" + format_iso8601(updated) + "</updated>\n";
  out += "  <link rel=\"self\" href=\"" + std::string(feed_file) + "\"/>\n";
  out += "  <author>\n    <name>ytmonitor</name>\n  </author>\n";
  out += "  <generator version=\"" YTM_VERSION "\">ytmonitor</generator>\n";
  for (const auto& e : entries) out += entry(e);
  return out + "</feed>\n";
}

std::vector<FeedEntry> feed_entries(const store::Store& store, const config::Config& config) {
  std::vector<FeedEntry> entries;
  for (const auto& d : store.recent_documents(config.output.feed_items)) entries.push_back(document_entry(d));
  for (const auto& d : store.digests()) entries.push_back(digest_entry(d, config));
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.published > b.published; });
  if (entries.size() > static_cast<std::size_t>(config.output.feed_items)) entries.resize(config.output.feed_items);
  return entries;
}

std::string feed_xml(const store::Store& store, const config::Config& config) {
  FeedHeader header{uuid_urn("ytmonitor feed " + config.output_dir.string()),
                    "ytmonitor · " + labels_for(config.output.language).index_title, now_unix()};
  return render_feed(header, feed_entries(store, config));
}

Status write_feed(const store::Store& store, const OutputDir& dir, const config::Config& config) {
  if (config.output.feed_items == 0) return success();
  return dir.write(feed_file, feed_xml(store, config));
}

}  // namespace ytm::render
