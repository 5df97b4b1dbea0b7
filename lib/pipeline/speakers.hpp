#pragma once
// Who speaks, as the document says it: the labels the model put on the translation's paragraphs,
// checked by us, never taken on trust. A name is kept when the material shows it — the captions'
// own label, the transcript (an introduction, someone addressed by name), the title, the
// description, or the channel's hosts from its profile, also as the glossary or the model's notes
// render it — and is otherwise replaced by a neutral label ("Guest 2"), one per name the model made
// up. Neutral labels the model wrote in any of our languages ("主持人", "Guest 1") are kept in one
// spelling ("Host", "Guest 1") that the renderer writes in the document's language.
#include <string>
#include <vector>

#include "pipeline/chunking.hpp"
#include "pipeline/result.hpp"

namespace ytm::pipeline {

struct SpeakerMaterial {
  const std::vector<Line>& lines;
  std::string title;
  std::string description;
  std::vector<std::string> hosts;
  // How names are written in the output language (the channel's glossary, the video's notes): a
  // label that is the rendering of a name the material shows is that name, translated.
  Terms renderings{};
};

struct SpeakerCheck {
  std::vector<SpeakerNote> speakers;  // each label the paragraphs carry, in order of first appearance
  int invented = 0;                   // names replaced by a neutral label
};

// Checks and rewrites the paragraphs' speaker labels in place.
SpeakerCheck check_speakers(std::vector<Paragraph>& paragraphs, const SpeakerMaterial& material);

// "Host" or "Guest N" (N > 0): a label that names nobody.
bool is_neutral_speaker(const std::string& label);

// The footer's pass entry for names replaced by a neutral label.
inline constexpr const char* invented_names_pass = "invented speaker names";

}  // namespace ytm::pipeline
