#pragma once
// A channel's settings as its videos are worked with: config.yaml's, with what its profile and its
// own entry in the subscription list change applied. Plain data, no YAML.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.hpp"

namespace ytm::config {

struct ChannelSettings {
  std::string output_language;
  TranscriptSettings transcript;  // caption languages and whisper as the channel has them
  ModelSettings model;
  SponsorblockSettings sponsorblock;
  std::vector<std::string> sections;  // the document's sections to write; empty: all
  std::string instructions;           // appended to our prompts; empty: none
  std::vector<std::pair<std::string, std::string>> glossary;
  std::vector<std::string> hosts;  // names a speaker may be given without the video naming them
};

ChannelSettings resolve(const Config& config, const Channel& channel);

// The names `sections:` takes, in the document's order.
const std::vector<std::string_view>& section_names();
// The SponsorBlock categories `categories:` takes.
const std::vector<std::string_view>& sponsor_category_names();

}  // namespace ytm::config
