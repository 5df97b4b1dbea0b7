#include "render/render_video.hpp"

#include <mutex>
#include <set>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "core/hash.hpp"
#include "core/time.hpp"
#include "pipeline/checkpoints.hpp"
#include "pipeline/result.hpp"
#include "render/feed_xml.hpp"
#include "render/file_name.hpp"
#include "render/index.hpp"
#include "render/labels.hpp"
#include "render/markdown.hpp"
#include "render/markdown_parts.hpp"
#include "render/obsidian_base.hpp"
#include "render/output_dir.hpp"
#include "store/store.hpp"

namespace ytm::render {
namespace {

// Choosing a name, writing it and recording it happen as one step per process, so two workers
// finishing videos of the same title cannot take the same name, and index.md never misses one.
std::mutex write_mutex;

struct Target {
  std::string path;     // where this video's document belongs
  std::string sibling;  // where the new version goes when the user edited the document
};

// The template's name, unless another video's document or a file that is not ours holds it:
// then the same name with the video id.
Outcome<Target> choose_target(const OutputDir& dir, const store::Store& store, const config::Config& config,
                              const pipeline::VideoResult& result, const std::string& language,
                              const std::optional<store::DocumentRecord>& previous) {
  const auto& tmpl = config.output.filename;
  auto plain = document_path(tmpl, result, language);
  std::set<std::string> taken;
  for (const auto& d : store.documents()) {
    if (d.video_id != result.video.id) taken.insert(d.path);
  }
  bool ours = previous && previous->path == plain;
  bool free = !taken.contains(plain);
  if (free && !ours) {
    auto existing = dir.read(plain);
    if (!existing) return existing.failure();
    free = !existing->has_value();
  }
  if (ours || free) return Target{plain, document_path(tmpl, result, language, sibling_suffix)};
  auto with_id = " (" + safe_component(result.video.id) + ")";
  return Target{document_path(tmpl, result, language, with_id),
                document_path(tmpl, result, language, with_id + std::string(sibling_suffix))};
}

// The document's record and the notifications announcing it are one transaction: a crash after
// it still sends them (the outbox resumes at start), a crash before it leaves the video unfinished.
void record(store::Store& store, const store::DocumentRecord& document, std::vector<store::Notification> announce,
            const std::string& written) {
  auto batch = store.batch();
  store.save_document(document);
  for (auto& n : announce) n.path = written;
  if (!announce.empty()) store.enqueue_notifications(announce, document.written_at);
  batch.commit();
}

Outcome<bool> edited_since_written(const OutputDir& dir, const store::DocumentRecord& previous) {
  auto current = dir.read(previous.path);
  if (!current) return current.failure();
  return current->has_value() && sha256_hex(**current) != previous.content_hash;
}

// Said in the document's record (status shows it) when passages are kept as the original.
std::string coverage_note(const pipeline::VideoResult& result) {
  const auto& c = result.coverage;
  if (c.untranslated_passages == 0) return "";
  return std::to_string(c.untranslated_passages) + " passage(s), " + std::to_string(c.untranslated_seconds) +
         " s in all, " + std::string(untranslated_note) + " (the model refused or left them out)";
}

std::string joined(std::string a, const std::string& b) {
  if (a.empty()) return b;
  if (!b.empty()) a += "; " + b;
  return a;
}

// Said in the document's record (status shows it for recent videos) when the checks of the model's
// answers took something out or changed it.
std::string cleaned_note(const pipeline::VideoResult& result) {
  if (result.passes.empty()) return "";
  return std::string(cleaned_prefix) + cleaned_line(result.passes, labels_for("en"));
}

Outcome<RenderedDocument> write_document(const OutputDir& dir, store::Store& store, const std::string& id,
                                         const Target& target, const std::string& markdown,
                                         const std::optional<store::DocumentRecord>& previous,
                                         const std::string& coverage,
                                         const std::vector<store::Notification>& announce) {
  auto now = now_unix();
  if (previous && previous->path == target.path) {
    auto edited = edited_since_written(dir, *previous);
    if (!edited) return edited.failure();
    if (*edited) {
      if (auto written = dir.write(target.sibling, markdown); !written) return written.failure();
      auto note =
          joined("edited since ytmonitor wrote it, so left alone; the new version is " + target.sibling, coverage);
      record(store, {id, previous->path, previous->content_hash, now, note}, announce, target.sibling);
      return RenderedDocument{target.sibling, note};
    }
  }
  if (auto written = dir.write(target.path, markdown); !written) return written.failure();
  std::string note;
  if (previous && previous->path != target.path) {
    auto edited = edited_since_written(dir, *previous);
    if (edited && *edited) {
      note = "the earlier document " + previous->path + " was edited, so it was kept";
    } else if (auto removed = dir.remove(previous->path); !removed) {
      spdlog::warn("cannot remove the earlier document {}: {}", previous->path, removed.failure().message);
    }
  }
  note = joined(note, coverage);
  record(store, {id, target.path, sha256_hex(markdown), now, note}, announce, target.path);
  return RenderedDocument{target.path, note};
}

}  // namespace

Outcome<RenderedDocument> render_video(store::Store& store, const config::Config& config, const std::string& video_id,
                                       const std::vector<store::Notification>& announce) {
  auto result = pipeline::checkpoint::stored_result(store, video_id);
  if (!result) return result.failure();
  auto language = result->output_language.empty() ? config.output.language : result->output_language;
  auto markdown = render_markdown(*result, RenderOptions{language, config.output.front_matter,
                                                         config.output.paragraph_times, config.output.wikilinks});

  std::lock_guard lock(write_mutex);
  auto dir = OutputDir::open(config.output_dir.string());
  if (!dir) return dir.failure();
  auto previous = store.document(video_id);
  auto target = choose_target(*dir, store, config, *result, language, previous);
  if (!target) return target.failure();
  auto document = write_document(*dir, store, video_id, *target, markdown, previous,
                                 joined(coverage_note(*result), cleaned_note(*result)), announce);
  if (!document) return document.failure();
  if (config.output.index) {
    if (auto index = write_index(store, *dir, config.output.language); !index) return index.failure();
  }
  if (auto feed = write_feed(store, *dir, config); !feed) return feed.failure();
  if (config.output.front_matter) {
    if (auto base = write_base_if_missing(*dir, config.output.language); !base) return base.failure();
  }
  spdlog::info("wrote {}/{}", dir->root(), document->path);
  return document;
}

}  // namespace ytm::render
