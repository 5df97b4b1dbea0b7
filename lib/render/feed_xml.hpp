#pragma once
// feed.xml at the top of output_dir: an Atom feed (RFC 4287) of the newest documents, for feed
// readers. Each entry links to the video and, as a second link, to the document's relative path.
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "core/time.hpp"

namespace ytm::store {
class Store;
}  // namespace ytm::store

namespace ytm::render {

class OutputDir;

inline constexpr std::string_view feed_file = "feed.xml";

struct FeedHeader {
  std::string id;     // an IRI that stays the same for this output folder
  std::string title;  // "ytmonitor · 📚 Video index"
  UnixTime now = 0;   // the feed's updated time when it has no entries
};

// One entry: a document (link: the video; path: the document) or a digest (link: its file).
struct FeedEntry {
  std::string id;  // an absolute IRI
  std::string title;
  std::string link;  // rel="alternate"
  std::string path;  // the document below output_dir, as rel="related"; empty for none
  std::string author;
  std::string summary;
  UnixTime published = 0;
  UnixTime updated = 0;
};

std::string render_feed(const FeedHeader& header, const std::vector<FeedEntry>& entries);
// The newest output.feed_items documents and digests, newest first.
std::vector<FeedEntry> feed_entries(const store::Store& store, const config::Config& config);
// The feed of the newest config.output.feed_items documents, as the status server serves it.
std::string feed_xml(const store::Store& store, const config::Config& config);
// Writes feed.xml; does nothing when output.feed_items is 0.
Status write_feed(const store::Store& store, const OutputDir& dir, const config::Config& config);

}  // namespace ytm::render
