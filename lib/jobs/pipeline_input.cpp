#include "jobs/pipeline_input.hpp"

#include "core/time.hpp"
#include "core/youtube.hpp"

namespace ytm::jobs {

pipeline::PipelineInput pipeline_input(const transcript::FetchedVideo& fetched, const std::string& output_language) {
  const auto& m = fetched.metadata;
  pipeline::PipelineInput in;
  in.video.id = m.id;
  in.video.title = m.title;
  in.video.channel = m.channel;
  in.video.channel_id = m.channel_id;
  in.video.url = watch_url(m.id);
  in.video.published = m.timestamp.value_or(parse_iso8601(m.upload_date).value_or(0));
  in.video.duration = static_cast<int>(m.duration);
  in.video.language = !m.language.empty() ? m.language : fetched.transcript.language;
  in.video.description = m.description;
  in.video.tags = m.tags;
  for (const auto& s : fetched.transcript.segments) in.segments.push_back({s.start, s.end, s.text, s.speaker, s.marker, s.turn});
  for (const auto& c : m.chapters) in.chapters.push_back({c.start, c.end, c.title});
  in.output_language = output_language;
  return in;
}

}  // namespace ytm::jobs
