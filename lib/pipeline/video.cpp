#include "pipeline/video.hpp"

#include <algorithm>

#include "core/utf8.hpp"
#include "model/backend.hpp"
#include "pipeline/measure.hpp"

namespace ytm::pipeline {
namespace {

constexpr std::size_t max_description_chars = 1500;

std::string utf8_prefix(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  return text.substr(0, utf8_prefix_length(text, max_bytes)) + " …";
}

double video_duration(const PipelineInput& input) {
  double end = input.video.duration;
  for (const Segment& s : input.segments) end = std::max(end, s.end);
  return input.video.duration > 0 ? input.video.duration : end;
}

std::string spoken_language(const PipelineInput& input, const std::vector<Line>& lines) {
  if (!input.video.language.empty()) return input.video.language;
  std::string sample;
  for (std::size_t i = 0; i < lines.size() && sample.size() < 4000; ++i) sample += lines[i].text;
  return guess_language(sample);
}

// Completes the translation prompt's list of where a speaker's name may come from.
std::string hosts_clause(const std::vector<std::string>& hosts) {
  std::string names;
  for (const auto& h : hosts) names += (names.empty() ? "" : ", ") + h;
  return names.empty() ? "" : ", the channel's hosts (" + names + ")";
}

}  // namespace

VideoRef make_video(PipelineContext ctx, const PipelineInput& input) {
  auto video = std::make_shared<Video>(std::move(ctx));
  Video& v = *video;
  v.id = input.video.id;
  v.title = input.video.title;
  v.channel = input.video.channel;
  v.duration = video_duration(input);
  v.chapters = sorted_chapters(input.chapters);
  v.lines = build_lines(input.segments, v.chapters);
  v.hosts = input.hosts;
  v.target_language = input.output_language;
  v.source_language = spoken_language(input, v.lines);
  v.chunks = make_chunks(v.lines, v.ctx.settings.model.max_chunk_tokens, v.duration);
  v.model_name = v.ctx.backend.name();
  v.vars = {{"LANGUAGE", v.target_language},
            {"LANGUAGE_NAME", language_name(v.target_language)},
            {"TITLE", input.video.title},
            {"CHANNEL", input.video.channel},
            {"DURATION", std::to_string(static_cast<long>(v.duration))},
            {"DURATION_TEXT", format_timestamp(v.duration)},
            {"DESCRIPTION", utf8_prefix(input.video.description, max_description_chars)},
            {"HOSTS", hosts_clause(input.hosts)}};
  return video;
}

VideoRef with_terms(const VideoRef& video, Terms terms) {
  auto copy = std::make_shared<Video>(*video);
  copy->terms = std::move(terms);
  return copy;
}

}  // namespace ytm::pipeline
