#include "render/index.hpp"

#include "render/output_dir.hpp"
#include "render/escape.hpp"
#include "store/store.hpp"

namespace ytm::render {

std::vector<IndexEntry> index_entries(const store::Store& store) {
  std::vector<IndexEntry> entries;
  for (const auto& doc : store.documents()) {
    IndexEntry e{doc.video_id, "", doc.written_at, doc.path};
    if (auto video = store.video(doc.video_id)) {
      if (!video->title.empty()) e.title = video->title;
      if (video->published_at) e.date = *video->published_at;
      auto channel = store.channel(video->channel_id);
      e.channel = channel && !channel->title.empty() ? channel->title : video->channel_id;
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

std::string render_index(const std::vector<IndexEntry>& entries, const Labels& labels) {
  std::string out = "# " + labels.index_title + "\n\n";
  for (const auto& e : entries) {
    out += "- " + format_date(e.date) + " · " + inline_text(e.channel) + " · [" + inline_text(e.title) + "](" +
           url_encode_path(e.path) + ")\n";
  }
  return out;
}

std::string render_digest_list(const std::vector<store::DigestRecord>& digests, const Labels& labels) {
  if (digests.empty()) return "";
  std::string out = "\n## " + labels.digests + "\n\n";
  for (const auto& d : digests) out += "- [" + inline_text(d.period) + "](" + url_encode_path(d.path) + ")\n";
  return out;
}

Status write_index(const store::Store& store, const OutputDir& dir, std::string_view language) {
  const auto& labels = labels_for(language);
  return dir.write(index_file,
                   render_index(index_entries(store), labels) + render_digest_list(store.digests(), labels));
}

}  // namespace ytm::render
