#pragma once
// Turns a finished video's stored result into its document in output_dir, without the model:
// the daemon calls this after the pipeline, `ytmonitor render` for any finished video (after a
// change of language headings or file name template). Blocking (files and SQLite): the daemon
// runs it on its pool. Also rewrites index.md when output.index is on, and feed.xml.
//
// A document the user has edited since we wrote it (its hash differs from the stored one) is
// never overwritten: the new version goes beside it as "… (ytmonitor).md", the record keeps
// pointing at the user's file, and its note says where the new version is (status shows it).
// After a template change the old document is removed when nobody edited it.
#include <string>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "store/store.hpp"

namespace ytm::render {

inline constexpr std::string_view sibling_suffix = " (ytmonitor)";
// In a document's note when passages of it are the original transcript; status counts these.
inline constexpr std::string_view untranslated_note = "not translated, kept as the original transcript";
// Opens the part of a document's note that says what the checks of the model's answers changed.
inline constexpr std::string_view cleaned_prefix = "cleaned from the model's answers: ";

struct RenderedDocument {
  std::string path;  // relative to output_dir: the file written this time
  std::string note;  // empty, or what happened beside the plain case (an edited file kept)
};

// Failures: permanent "no_result" / "bad_result" (nothing stored to render), transient
// "output_write" (disk full, read-only; nothing partial is left and the result stays stored),
// permanent "output_path" (a folder on the way is a symlink).
// announce: notifications of this document, put in the outbox in the same transaction as its
// record (their path filled in); empty for a re-render.
Outcome<RenderedDocument> render_video(store::Store& store, const config::Config& config, const std::string& video_id,
                                       const std::vector<store::Notification>& announce = {});

}  // namespace ytm::render
