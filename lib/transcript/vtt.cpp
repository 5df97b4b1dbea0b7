// WebVTT as YouTube serves it: automatic captions repeat the previous line in each cue and time
// their new words with inline <00:00:01.520><c> word</c> tags; creator captions are plain cues.
#include <algorithm>
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

// One cue text line: words split at inline timestamps (moved by `offset`, as their cue), other
// tags dropped.
CueLine read_cue_line(std::string_view line, double offset) {
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
      word = CueWord{*t + offset, {}};
      out.timed = true;
    }
    line.remove_prefix(close + 1);
  }
  if (!word.text.empty()) out.words.push_back(std::move(word));
  return out;
}

// yt-dlp writes a live stream's captions as it got them: a file that may begin with its first cue
// (no header), and from some point on HLS segments glued together, each with its own WEBVTT
// header and times that start again at zero. Each segment is placed after the one before:
// by the MPEG-TS clock of its X-TIMESTAMP-MAP (90 kHz, wrapping at 2^33) when the segment
// before had one too, else where the cues so far end. Times never go backwards.
class Segments {
 public:
  // Where the cues of a new segment (header at hand) begin; `map` is its X-TIMESTAMP-MAP in seconds.
  void begin(std::optional<double> map) {
    double offset = latest_end_;
    if (map && clock_) {
      double step = *map - *clock_;
      if (step < 0) step += wrap_seconds;
      offset = offset_ + step;
    }
    offset_ = std::max(offset, latest_start_);
    clock_ = map;
  }
  [[nodiscard]] double offset() const { return offset_; }
  void saw(double start, double end) {
    latest_start_ = std::max(latest_start_, start);
    latest_end_ = std::max(latest_end_, end);
  }

 private:
  static constexpr double wrap_seconds = 8589934592.0 / 90000.0;
  double offset_ = 0;
  std::optional<double> clock_;
  double latest_start_ = 0;
  double latest_end_ = 0;
};

// "X-TIMESTAMP-MAP=LOCAL:00:00.000,MPEGTS:249882000" (either order): MPEGTS/90000 - LOCAL.
std::optional<double> timestamp_map(std::string_view line) {
  auto local_at = line.find("LOCAL:");
  auto mpegts_at = line.find("MPEGTS:");
  if (local_at == std::string_view::npos || mpegts_at == std::string_view::npos) return std::nullopt;
  auto local_text = line.substr(local_at + 6);
  auto local = parse_timestamp(local_text.substr(0, local_text.find(',')));
  long long ticks = 0;
  auto digits = line.substr(mpegts_at + 7);
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ticks);
  if (!local || ec != std::errc{} || ticks < 0) return std::nullopt;
  return static_cast<double>(ticks) / 90000.0 - *local;
}

bool is_header(std::string_view line) {
  return line.starts_with("WEBVTT") && (line.size() == 6 || line[6] == ' ' || line[6] == '\t');
}

// A file without a header is read when its first line with text is a cue timing.
bool starts_with_cue(std::string_view content) {
  Lines lines{content};
  std::string_view line;
  while (lines.next(line)) {
    if (trim(line).empty()) continue;
    auto arrow = line.find("-->");
    return arrow != std::string_view::npos && parse_timestamp(trim(line.substr(0, arrow))).has_value();
  }
  return false;
}

}  // namespace

Outcome<CueTrack> read_vtt(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  Lines lines{content};
  std::string_view line;
  const bool headerless = !content.starts_with("WEBVTT") && starts_with_cue(content);
  if (!headerless && (!lines.next(line) || !line.starts_with("WEBVTT")))
    return bad_captions(CaptionFormat::vtt, "line 1: does not start with WEBVTT");
  CueTrack track;
  Segments segments;
  bool skipping = !headerless;  // the header runs to the first empty line; NOTE, STYLE, REGION blocks too
  bool in_header = skipping;
  std::optional<double> map;
  bool block_start = headerless;
  Cue* cue = nullptr;
  while (lines.next(line)) {
    if (line.empty()) {  // a line of spaces is cue text (YouTube writes " "), only an empty one ends a block
      if (in_header) segments.begin(map);
      in_header = false;
      map.reset();
      cue = nullptr;
      skipping = false;
      block_start = true;
      continue;
    }
    bool first_in_block = std::exchange(block_start, false);
    auto arrow = line.find("-->");
    if (cue && arrow == std::string_view::npos) {
      cue->lines.push_back(read_cue_line(line, segments.offset()));
      continue;
    }
    if (first_in_block && is_header(line) && !track.cues.empty()) {  // the next glued-on segment
      skipping = in_header = true;
      continue;
    }
    if (skipping) {
      if (in_header && line.starts_with("X-TIMESTAMP-MAP=")) map = timestamp_map(line);
      continue;
    }
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
    track.cues.push_back({*start + segments.offset(), *end + segments.offset(), {}});
    segments.saw(track.cues.back().start, track.cues.back().end);
    cue = &track.cues.back();
  }
  for (const auto& c : track.cues)
    for (const auto& l : c.lines) track.rolling = track.rolling || l.timed;
  return track;
}

}  // namespace ytm::transcript
