#include "pipeline/speakers.hpp"
#include "render/escape.hpp"
#include "render/markdown_parts.hpp"

namespace ytm::render {

std::string speaker_text(const std::string& label, const Labels& l) {
  if (!pipeline::is_neutral_speaker(label)) return inline_text(label);
  if (label == "Host") return l.host;
  return fill(l.guest, {{"n", label.substr(label.find(' ') + 1)}});
}

std::string speakers_footer(const pipeline::VideoResult& r, const Labels& l) {
  if (r.speakers.empty()) return "";
  std::string line;
  const bool cjk = l.colon == "：";
  for (const auto& s : r.speakers) {
    const auto how = l.speaker_sources.find(s.source);
    line += (line.empty() ? "" : l.separator) + speaker_text(s.label, l);
    if (how != l.speaker_sources.end()) line += cjk ? "（" + how->second + "）" : " (" + how->second + ")";
  }
  return "*" + l.speakers + l.colon + line + "*\n\n";
}

}  // namespace ytm::render
