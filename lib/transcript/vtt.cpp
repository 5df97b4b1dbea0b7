// WebVTT as YouTube serves it: automatic captions repeat the previous line in each cue and time
// their new words with inline <00:00:01.520><c> word</c> tags; creator captions are plain cues.
#include <charconv>
#include <optional>
#include <string>
#include <utility>

#include "core/text.hpp"
#include "transcript/parse.hpp"

namespace ytm::transcript {
namespace {

std::optional<double> parse_timestamp(std::string_view s) {
  // [HH:]MM:SS.mmm (a comma is accepted for the dot, as SRT writes it)
  int parts[3] = {0, 0, 0};
  int count = 0;
  std::size_t i = 0;
  while (count < 3) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(s.data() + i, s.data() + s.size(), value);
    if (ec != std::errc{} || ptr == s.data() + i) return std::nullopt;
    parts[count++] = value;
    i = static_cast<std::size_t>(ptr - s.data());
    if (i >= s.size() || s[i] != ':') break;
    ++i;
  }
  if (count < 2 || i >= s.size() || (s[i] != '.' && s[i] != ',')) return std::nullopt;
  int millis = 0;
  auto frac = s.substr(i + 1);
  auto [ptr, ec] = std::from_chars(frac.data(), frac.data() + frac.size(), millis);
  auto digits = ptr - frac.data();
  if (ec != std::errc{} || digits == 0 || digits > 3 || static_cast<std::size_t>(digits) != frac.size())
    return std::nullopt;
  for (auto d = digits; d < 3; ++d) millis *= 10;
  double seconds = count == 3 ? parts[0] * 3600.0 + parts[1] * 60.0 + parts[2] : parts[0] * 60.0 + parts[1];
  return seconds + millis / 1000.0;
}

struct Lines {
  std::string_view rest;
  int number = 0;
  bool next(std::string_view& line) {
    if (rest.empty()) return false;
    auto nl = rest.find('\n');
    line = rest.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    ++number;
    return true;
  }
};

// One cue text line: words split at inline timestamps, other tags dropped.
CueLine read_cue_line(std::string_view line) {
  CueLine out;
  CueWord word;
  while (!line.empty()) {
    auto tag = line.find('<');
    word.text.append(line.substr(0, tag));
    if (tag == std::string_view::npos) break;
    auto close = line.find('>', tag);
    if (close == std::string_view::npos) {
      word.text.append(line.substr(tag));
      break;
    }
    if (auto t = parse_timestamp(line.substr(tag + 1, close - tag - 1))) {
      if (!word.text.empty()) out.words.push_back(std::move(word));
      word = CueWord{*t, {}};
      out.timed = true;
    }
    line.remove_prefix(close + 1);
  }
  if (!word.text.empty()) out.words.push_back(std::move(word));
  return out;
}

}  // namespace

Outcome<CueTrack> read_vtt(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  Lines lines{content};
  std::string_view line;
  if (!lines.next(line) || !line.starts_with("WEBVTT"))
    return bad_captions(CaptionFormat::vtt, "line 1: does not start with WEBVTT");
  CueTrack track;
  bool skipping = true;  // the header runs to the first empty line; NOTE, STYLE, REGION blocks too
  bool block_start = false;
  Cue* cue = nullptr;
  while (lines.next(line)) {
    if (line.empty()) {  // a line of spaces is cue text (YouTube writes " "), only an empty one ends a block
      cue = nullptr;
      skipping = false;
      block_start = true;
      continue;
    }
    bool first_in_block = std::exchange(block_start, false);
    auto arrow = line.find("-->");
    if (cue && arrow == std::string_view::npos) {
      cue->lines.push_back(read_cue_line(line));
      continue;
    }
    if (skipping) continue;
    if (arrow == std::string_view::npos) {
      skipping =
          first_in_block && (line.starts_with("NOTE") || line.starts_with("STYLE") || line.starts_with("REGION"));
      continue;  // otherwise a cue identifier
    }
    auto start = parse_timestamp(trim(line.substr(0, arrow)));
    auto after = trim(line.substr(arrow + 3));
    auto end = parse_timestamp(after.substr(0, after.find_first_of(" \t")));
    if (!start || !end)
      return bad_captions(CaptionFormat::vtt, "line " + std::to_string(lines.number) + ": bad cue timing \"" +
                                                  std::string(line.substr(0, 80)) + "\"");
    track.cues.push_back({*start, *end, {}});
    cue = &track.cues.back();
  }
  for (const auto& c : track.cues)
    for (const auto& l : c.lines) track.rolling = track.rolling || l.timed;
  return track;
}

}  // namespace ytm::transcript
