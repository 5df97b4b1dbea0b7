// YouTube's json3 captions: {"events":[{"tStartMs", "dDurationMs", "segs":[{"utf8", "tOffsetMs"}]}]}.
// Window definitions carry no segs, and "aAppend" events only a line break: layout, not speech.
#include <nlohmann/json.hpp>

#include "transcript/parse.hpp"

namespace ytm::transcript {
namespace {

using nlohmann::json;

double milliseconds_field(const json& object, const char* key, double fallback) {
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : fallback;
}

bool only_whitespace(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// One event's segs as lines: a "\n" inside a seg starts a new line.
std::vector<CueLine> read_segs(const json& segs, double start_ms) {
  std::vector<CueLine> lines(1);
  for (const auto& seg : segs) {
    if (!seg.is_object()) continue;
    auto utf8 = seg.find("utf8");
    if (utf8 == seg.end() || !utf8->is_string()) continue;
    const auto& text = utf8->get_ref<const std::string&>();
    auto offset = seg.find("tOffsetMs");
    bool timed = offset != seg.end() && offset->is_number();
    double at = (start_ms + (timed ? offset->get<double>() : 0)) / 1000.0;
    std::size_t from = 0;
    while (from <= text.size()) {
      auto nl = text.find('\n', from);
      auto piece = text.substr(from, nl == std::string::npos ? std::string::npos : nl - from);
      if (!piece.empty()) {
        lines.back().words.push_back({from == 0 ? at : -1, piece});
        lines.back().timed = lines.back().timed || timed;
      }
      if (nl == std::string::npos) break;
      lines.emplace_back();
      from = nl + 1;
    }
  }
  return lines;
}

}  // namespace

Outcome<CueTrack> read_json3(std::string_view content) {
  json root;
  try {
    root = json::parse(content);
  } catch (const json::parse_error& e) {
    return bad_captions(CaptionFormat::json3, "not valid JSON: " + std::string(e.what()));
  }
  if (!root.is_object() || !root.contains("events") || !root["events"].is_array())
    return bad_captions(CaptionFormat::json3, "no \"events\" list at the top level");
  CueTrack track;
  std::size_t index = 0;
  for (const auto& event : root["events"]) {
    ++index;
    if (!event.is_object()) continue;
    auto segs = event.find("segs");
    if (segs == event.end() || !segs->is_array()) continue;
    auto start = event.find("tStartMs");
    if (start == event.end() || !start->is_number())
      return bad_captions(CaptionFormat::json3, "event " + std::to_string(index) + ": no tStartMs");
    double start_ms = start->get<double>();
    double duration_ms = milliseconds_field(event, "dDurationMs", -1);
    Cue cue{start_ms / 1000.0, duration_ms >= 0 ? (start_ms + duration_ms) / 1000.0 : -1, read_segs(*segs, start_ms)};
    bool empty = true;
    for (const auto& line : cue.lines)
      for (const auto& w : line.words) empty = empty && only_whitespace(w.text);
    if (!empty) track.cues.push_back(std::move(cue));
  }
  return track;
}

}  // namespace ytm::transcript
