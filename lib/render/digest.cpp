#include "render/digest.hpp"

#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "render/feed_xml.hpp"
#include "render/index.hpp"
#include "render/labels.hpp"
#include "render/markdown.hpp"
#include "render/output_dir.hpp"
#include "render/escape.hpp"

namespace ytm::render {
namespace {

using namespace std::chrono;

constexpr UnixTime day = 86400;

std::string iso_week_name(sys_days monday) {
  auto thursday = year_month_day{monday + days{3}};  // the week belongs to its Thursday's year
  auto jan1 = sys_days{thursday.year() / January / 1};
  auto week = (sys_days{thursday} - jan1).count() / 7 + 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d-W%02d", static_cast<int>(thursday.year()), static_cast<int>(week));
  return buf;
}

}  // namespace

DigestPeriod digest_period(config::Digest kind, UnixTime t) {
  auto day_start = t - ((t % day) + day) % day;
  if (kind != config::Digest::weekly) return {format_date(day_start), day_start, day_start + day, kind};
  auto days_since_epoch = day_start / day;
  auto weekday = ((days_since_epoch + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday; Monday is 0
  auto monday = day_start - weekday * day;
  return {iso_week_name(sys_days{days{monday / day}}), monday, monday + 7 * day, kind};
}

std::string digest_title(const DigestPeriod& period, std::string_view language) {
  const auto& l = labels_for(language);
  return fill(period.kind == config::Digest::weekly ? l.digest_weekly : l.digest_daily, {{"period", period.name}});
}

std::string render_digest(const DigestPeriod& period, const std::vector<store::DocumentSummary>& documents,
                          std::string_view language) {
  const auto& l = labels_for(language);
  std::map<std::string, std::vector<const store::DocumentSummary*>> by_channel;
  for (const auto& d : documents) by_channel[d.channel].push_back(&d);
  std::string out = "# " + digest_title(period, language) + "\n\n";
  out += fill(l.digest_count,
              {{"documents", std::to_string(documents.size())}, {"channels", std::to_string(by_channel.size())}}) +
         "\n\n";
  for (const auto& [channel, docs] : by_channel) {
    out += "## " + inline_text(channel.empty() ? "YouTube" : channel) + "\n\n";
    for (const auto* d : docs) {
      auto url = watch_url(d->video_id);
      // Links are relative to digests/, where this file lives.
      out += "### [" + inline_text(d->title.empty() ? d->video_id : d->title) + "](../" + url_encode_path(d->path) +
             ")\n\n";
      out += (d->published_at ? format_date(*d->published_at) : std::string("?")) + " · [" + url + "](" + url + ")\n\n";
      if (!d->tldr.empty()) out += block_text(d->tldr) + "\n\n";
    }
  }
  return out;
}

Outcome<std::optional<store::DigestRecord>> write_digest(store::Store& store, const config::Config& config,
                                                         const DigestPeriod& period,
                                                         std::vector<store::Notification> announce) {
  if (store.digest(period.name)) return std::optional<store::DigestRecord>();
  auto documents = store.documents_first_written(period.from, period.to);
  if (documents.empty()) return std::optional<store::DigestRecord>();
  auto dir = OutputDir::open(config.output_dir.string());
  if (!dir) return dir.failure();
  const auto& language = config.output.language;
  if (auto written = dir->write(period.path(), render_digest(period, documents, language)); !written) {
    return written.failure();
  }
  std::set<std::string> channels;
  for (const auto& d : documents) channels.insert(d.channel);
  store::DigestRecord record{period.name, period.path(), static_cast<int>(documents.size()),
                             static_cast<int>(channels.size()), now_unix()};
  for (auto& n : announce) n.path = record.path;
  store.save_digest(record, announce);
  if (config.output.index) {
    if (auto index = write_index(store, *dir, language); !index) return index.failure();
  }
  if (auto feed = write_feed(store, *dir, config); !feed) return feed.failure();
  return std::optional<store::DigestRecord>(record);
}

}  // namespace ytm::render
