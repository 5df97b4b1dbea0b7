#pragma once
// What a reader sees of the speakers in a rendered document: the paragraphs that open with a label.
#include <sstream>
#include <string>
#include <vector>

namespace ytm::test {

// The translation's paragraphs of video_id that open with a speaker's label, as "0:16 Janine Turner".
inline std::vector<std::string> speaker_labels(const std::string& markdown, const std::string& video_id) {
  const std::string link = "](https://www.youtube.com/watch?v=" + video_id + "&t=";
  std::vector<std::string> out;
  std::istringstream in(markdown);
  for (std::string line; std::getline(in, line);) {
    const auto time_end = line.find(link);
    const auto label = line.find(") **");
    if (!line.starts_with("[") || time_end == std::string::npos || label == std::string::npos) continue;
    const auto label_end = line.find("**", label + 4);
    out.push_back(line.substr(1, time_end - 1) + " " + line.substr(label + 4, label_end - label - 4));
  }
  return out;
}

}  // namespace ytm::test
