#pragma once
// One video as every step of the pipeline reads it: made once from the input, then shared
// read-only (std::shared_ptr<const Video>), so concurrent steps never write to one another's
// state. What a step finds comes back to the pipeline by value. Internal to the pipeline.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/chunking.hpp"
#include "pipeline/context.hpp"
#include "pipeline/input.hpp"
#include "pipeline/result.hpp"

namespace ytm::pipeline {

struct Video {
  explicit Video(PipelineContext context) : ctx(std::move(context)) {}

  PipelineContext ctx;
  std::string id;
  std::string title;
  std::string channel;
  std::string source_language;
  std::string target_language;
  std::string model_name;
  double duration = 0;
  std::vector<SourceChapter> chapters;  // the creator's, sorted
  std::vector<Line> lines;
  std::vector<std::string> hosts;
  std::vector<Chunk> chunks;
  std::map<std::string, std::string> vars;  // prompt fields common to every request of the video
  // The video's glossary as far as earlier chunks made it: carried by every request made after them.
  Terms terms;

  [[nodiscard]] std::string label(const std::string& step) const { return id + " " + step; }
};
using VideoRef = std::shared_ptr<const Video>;

VideoRef make_video(PipelineContext ctx, const PipelineInput& input);
// The same video whose requests carry these terms.
VideoRef with_terms(const VideoRef& video, Terms terms);

}  // namespace ytm::pipeline
