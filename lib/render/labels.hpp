#pragma once
// The words of a document that are ours rather than the model's: section headings, field names,
// footer lines. One entry per output language; adding a language is adding one entry in labels.cpp.
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace ytm::render {

struct Labels {
  std::string language;  // the key: "zh-CN", "en"
  std::string video_info, channel, published, duration, link;
  std::string tldr;
  std::string chapters, col_time, col_chapter, col_summary;
  std::string arguments, content, concepts, meaning;
  std::string companies, col_company, col_context, col_importance, not_in_transcript;
  std::string quotes;
  std::string people, identity, background, views;
  std::string video_type;
  std::string translation;
  std::string generated, model, checks, usage, made_by;
  // Footer templates: {kept} {dropped} {chapters} {names}; {in} {out} {calls} {cost}.
  std::string checks_line, usage_line;
  std::string batch_line;  // after usage_line when batches paid less than list price
  // Above a passage kept as the original transcript: {why}; why per reason; footer line: {passages} {time}.
  std::string not_translated, refused, incomplete, cut_off, wrong_language, untranslated, untranslated_line;
  // Footer line of what the checks of the model's answers took out or changed; per check (by the
  // name the result keeps) "{count}" in this language's words, else the result's name and why.
  std::string cleaned;
  std::map<std::string, std::string, std::less<>> passes;
  std::string index_title;
  // SponsorBlock: notes in the translation take {time} {category}; footer lines {segments} {tokens}, {why}.
  std::string sponsor_skipped, sponsor_marked, sponsorblock, sponsor_skipped_line, sponsor_marked_line,
      sponsor_none_line, sponsor_unavailable_line, sponsor_credit;
  // Speakers: the neutral labels ("Host", "Guest {n}"), the footer's name for them and how each
  // label is known, by pipeline::SpeakerNote's source.
  std::string host, guest, speakers;
  std::map<std::string, std::string, std::less<>> speaker_sources;
  // Digests: titles take {period}; the count line {documents} {channels}.
  std::string digest_daily, digest_weekly, digest_count, digests;
  std::string spoken_language, base_view;  // columns and view of ytmonitor.base
  std::string colon;                       // after a bold field name: "：" or ": "
  std::string separator;                   // between list items written on one line: "、" or ", "
};

// The entry for a language tag: exact match first ("zh-CN"), then the primary language ("zh-TW"
// → the "zh" family), then English.
const Labels& labels_for(std::string_view language);

}  // namespace ytm::render
