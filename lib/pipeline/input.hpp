#pragma once
// What the pipeline needs to know about a video, independent of where the transcript came from
// (yt-dlp captions, whisper): the service maps its transcript types onto these.
#include <string>
#include <vector>

#include "pipeline/result.hpp"

namespace ytm::pipeline {

struct Segment {
  double start = 0;  // seconds
  double end = 0;
  std::string text;
  std::string speaker;  // when the captions say who speaks; empty otherwise
  bool marker = false;  // [Music], [Applause]: not speech, left out of prompts and text
  bool turn = false;    // a speaker's turn begins here (">>" or a "NAME:" label in the captions)
};

struct SourceChapter {
  double start = 0;
  double end = 0;
  std::string title;
};

struct PipelineInput {
  VideoInfo video;  // id, title, description, duration and spoken language are used
  std::vector<Segment> segments;
  std::vector<SourceChapter> chapters;  // the creator's chapters; empty when the video has none
  std::string output_language;          // "zh-CN": the channel's override or output.language
  std::vector<std::string> hosts;       // the channel's hosts (its profile): names a speaker may be given
};

}  // namespace ytm::pipeline
