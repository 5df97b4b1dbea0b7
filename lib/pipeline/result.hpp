#pragma once
// What the pipeline stores for a finished video and the renderer turns into Markdown.
// Times are seconds from the start of the video. Text is in the output language unless named
// otherwise.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "pipeline/sponsor_report.hpp"

namespace ytm::pipeline {

struct VideoInfo {
  std::string id;
  std::string title;
  std::string channel;
  std::string channel_id;
  std::string url;             // https://www.youtube.com/watch?v=ID
  std::int64_t published = 0;  // Unix time
  int duration = 0;            // seconds
  std::string language;        // spoken language of the source, "en"
  std::string description;
  std::vector<std::string> tags;
};

struct Chapter {
  int start = 0;
  int end = 0;
  std::string title;
  std::string summary;  // one line
};

struct Argument {
  std::string title;
  std::string content;
  std::vector<std::string> key_concepts;
  std::string practical_meaning;
};

struct Company {
  std::string name;
  std::string context;
  int importance = 1;    // 1..3, rendered as stars
  bool grounded = true;  // the name appears in the transcript, title or description
};

struct Quote {
  std::string text;         // verbatim, in the source language
  std::string translation;  // in the output language; empty when the source is already in it
  std::string speaker;
  int timestamp = 0;
};

struct Person {
  std::string name;
  std::string identity;
  std::string background;
  std::string views;
  bool grounded = true;
};

struct Summary {
  std::string intro;  // one sentence on where the content comes from (the reference's blockquote)
  std::string tldr;
  std::vector<Chapter> chapters;  // contiguous from 0 to the end after grounding
  std::vector<Argument> arguments;
  std::vector<Company> companies;
  std::vector<Quote> quotes;
  std::vector<Person> people;
  std::string video_type;
};

// Why the model's text is missing from a paragraph and its text is the original transcript.
enum class Untranslated {
  none,            // translated
  incomplete,      // the model left it out, also when asked for it again
  refused,         // the model declined the part twice
  cut_off,         // the answers kept stopping before it
  wrong_language,  // the model kept writing it in another language
};
// As a stored result spells it: "", "incomplete", "refused", "cut_off", "wrong_language". A reason
// this version does not know reads as incomplete (it was shown so before).
std::string_view untranslated_code(Untranslated why);
Untranslated untranslated_from_code(std::string_view code);

struct Paragraph {
  int start = 0;
  int end = 0;
  std::string speaker;  // empty when the transcript does not say
  std::string text;
  Untranslated untranslated = Untranslated::none;

  [[nodiscard]] bool translated() const { return untranslated == Untranslated::none; }
};

// A speaker the document's paragraphs are labelled with, and how the label is known:
// "captions" (the captions label the lines so), "transcript", "title", "description" (named there),
// "host" (the channel's profile lists the name) or "unnamed" (a neutral label: "Host", "Guest 1").
struct SpeakerNote {
  std::string label;
  std::string source;
  bool operator==(const SpeakerNote&) const = default;
};

struct Grounding {
  int quotes_kept = 0;
  int quotes_dropped = 0;
  int chapters_fixed = 0;
  int names_flagged = 0;
};

// What reading the model's answers took out or could not get.
struct Coverage {
  int untranslated_passages = 0;  // runs of paragraphs kept as the original transcript
  int untranslated_seconds = 0;
  int dropped_lines = 0;   // lead-ins, sign-offs, headings left out of translations
  int dropped_labels = 0;  // labels naming no one ("Speaker 1") left out
  int gap_calls = 0;       // calls that asked for a missing stretch or again after a refusal
};

// What the checks of the model's answers took out or changed, one entry per check that changed
// anything ("repeated paragraphs", 2, "paragraphs the model wrote twice: kept once"): the footer
// and `ytmonitor status` show them. Empty in results stored before they were kept.
struct PassNote {
  std::string name;
  int count = 0;
  std::string why;
};

// Names and terms as the transcript has them, each with its rendering in the output language.
using Terms = std::vector<std::pair<std::string, std::string>>;

struct Usage {
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0;  // as paid: batches at their discount
  int calls = 0;
  double list_cost_usd = 0;  // what the same calls cost at list price
  int batched_calls = 0;
};

struct VideoResult {
  VideoInfo video;
  Summary summary;
  std::vector<Paragraph> translation;  // every minute of the video, in time order
  std::string output_language;         // "zh-CN"
  std::string model;
  std::int64_t generated = 0;  // Unix time
  Grounding grounding;
  Coverage coverage;
  std::vector<PassNote> passes;  // by name
  Usage usage;
  SponsorReport sponsorblock;
  std::vector<std::string> sections;  // the document's sections to write (a channel's profile); empty: all
  Terms terms;  // the video's glossary: what its chunks' notes said they rendered, and how
  std::vector<SpeakerNote> speakers;  // empty when no paragraph is labelled
};

void to_json(nlohmann::json& j, const VideoResult& r);
void from_json(const nlohmann::json& j, VideoResult& r);

}  // namespace ytm::pipeline
