#pragma once
// index.md at the top of output_dir: one line per document, newest first, each a relative link
// that Obsidian and GitHub-style viewers open (spaces and the like percent-encoded).
#include <string>
#include <string_view>
#include <vector>

#include "core/failure.hpp"
#include "core/time.hpp"
#include "render/labels.hpp"

namespace ytm::store {
class Store;
struct DigestRecord;
}  // namespace ytm::store

namespace ytm::render {

class OutputDir;

inline constexpr std::string_view index_file = "index.md";

struct IndexEntry {
  std::string title;
  std::string channel;
  UnixTime date = 0;  // published, or written when unknown
  std::string path;   // relative to output_dir
};

// Newest first, in the store's order of documents.
std::vector<IndexEntry> index_entries(const store::Store& store);
std::string render_index(const std::vector<IndexEntry>& entries, const Labels& labels);
// "## 📰 Digests" and a link to each, newest first; empty without digests.
std::string render_digest_list(const std::vector<store::DigestRecord>& digests, const Labels& labels);
Status write_index(const store::Store& store, const OutputDir& dir, std::string_view language);

}  // namespace ytm::render
