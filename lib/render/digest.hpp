#pragma once
// Digests (output.digest: daily | weekly): once a UTC day or ISO week is over, one Markdown file
// in output_dir/digests/ lists each document first written in it (title, channel, TL;DR, link),
// grouped by channel. No model call: it is made from the stored results. Listed in index.md and
// feed.xml and announced through the notifications.
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace ytm::render {

struct DigestPeriod {
  std::string name;  // "2026-01-08" or "2026-W02"
  UnixTime from = 0;
  UnixTime to = 0;  // exclusive
  config::Digest kind = config::Digest::daily;
  [[nodiscard]] std::string path() const { return "digests/" + name + ".md"; }
};

// The day or ISO week (Monday to Sunday, UTC) that holds t.
DigestPeriod digest_period(config::Digest kind, UnixTime t);
// The title, "📰 Daily digest 2026-01-08", in the documents' language.
std::string digest_title(const DigestPeriod& period, std::string_view language);

std::string render_digest(const DigestPeriod& period, const std::vector<store::DocumentSummary>& documents,
                          std::string_view language);

// Writes the digest of a period that is over, unless it was written already or had no new
// documents (then nullopt); records it with its notifications (path filled in) in one transaction,
// and rewrites index.md and feed.xml to list it.
Outcome<std::optional<store::DigestRecord>> write_digest(store::Store& store, const config::Config& config,
                                                         const DigestPeriod& period,
                                                         std::vector<store::Notification> announce);

}  // namespace ytm::render
