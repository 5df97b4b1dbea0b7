// YouTube's json3 captions: {"events":[{"tStartMs", "dDurationMs", "segs":[{"utf8", "tOffsetMs"}]}]}.
// Window definitions carry no segs, and "aAppend" events only a line break: layout, not speech.
// Read field by field with a pull scanner: a 3-hour track is some 100,000 small JSON values, and
// building a tree of them cost five times the rest of the parse. Where keys repeat, the last wins,
// as in a tree.
#include <optional>

#include "transcript/json_scanner.hpp"
#include "transcript/parse.hpp"

namespace ytm::transcript {
namespace {

using Kind = JsonScanner::Kind;

struct Seg {
  std::size_t begin = 0;  // the text, in Event::texts
  std::size_t end = 0;
  std::optional<double> offset_ms;
};

// One event's fields, kept until its closing brace since they may come in any order.
struct Event {
  std::optional<double> start_ms;
  std::optional<double> duration_ms;
  bool has_segs = false;  // a "segs" list, perhaps empty
  std::vector<Seg> segs;
  std::string texts;

  void clear() {
    start_ms.reset();
    duration_ms.reset();
    has_segs = false;
    segs.clear();
    texts.clear();
  }
};

bool only_whitespace(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// One event's segs as lines: a "\n" inside a seg starts a new line.
std::vector<CueLine> to_lines(const Event& event, double start_ms) {
  std::vector<CueLine> lines(1);
  lines.back().words.reserve(event.segs.size());
  for (const auto& seg : event.segs) {
    std::string_view text(event.texts.data() + seg.begin, seg.end - seg.begin);
    double at = (start_ms + seg.offset_ms.value_or(0)) / 1000.0;
    std::size_t from = 0;
    while (from <= text.size()) {
      auto nl = text.find('\n', from);
      auto piece = text.substr(from, nl == std::string_view::npos ? std::string_view::npos : nl - from);
      if (!piece.empty()) {
        lines.back().words.push_back({from == 0 ? at : -1, std::string(piece)});
        lines.back().timed = lines.back().timed || seg.offset_ms.has_value();
      }
      if (nl == std::string_view::npos) break;
      lines.emplace_back();
      from = nl + 1;
    }
  }
  return lines;
}

class Reader {
 public:
  explicit Reader(std::string_view content) : in_(content) {}

  Outcome<CueTrack> read() {
    read_root();
    in_.finish();
    if (in_.failed()) return bad_captions(CaptionFormat::json3, "not valid JSON: " + in_.error());
    // YouTube answers a track it will not give (no PO token) with an object without events: no
    // cues, which the fetch reports as blocked captions.
    if (object_root_ && !saw_events_) return CueTrack{};
    if (!has_events_) return bad_captions(CaptionFormat::json3, "no \"events\" list at the top level");
    if (!problem_.empty()) return bad_captions(CaptionFormat::json3, problem_);
    return std::move(track_);
  }

 private:
  void read_root() {
    if (in_.peek() != Kind::object) {
      in_.skip_value();
      return;
    }
    in_.begin_object();
    object_root_ = true;
    while (in_.next_member(key_)) {
      if (key_ != "events") {
        in_.skip_value();
        continue;
      }
      saw_events_ = true;
      has_events_ = in_.peek() == Kind::array;
      if (has_events_) {
        read_events();
      } else {
        in_.skip_value();
      }
    }
  }

  void read_events() {
    track_ = {};
    problem_.clear();
    std::size_t index = 0;
    in_.begin_array();
    while (in_.next_element()) {
      ++index;
      if (in_.peek() != Kind::object) {
        in_.skip_value();
        continue;
      }
      if (problem_.empty()) event_offset_ = in_.offset();
      read_event();
      // The first fault is the one to report, but the rest must still be valid JSON.
      if (problem_.empty()) add_cue(index);
    }
  }

  void read_event() {
    event_.clear();
    in_.begin_object();
    while (in_.next_member(key_)) {
      if (key_ == "tStartMs") {
        event_.start_ms = read_number();
      } else if (key_ == "dDurationMs") {
        event_.duration_ms = read_number();
      } else if (key_ == "segs" && in_.peek() == Kind::array) {
        read_segs();
      } else {
        event_.has_segs = event_.has_segs && key_ != "segs";
        in_.skip_value();
      }
    }
  }

  void read_segs() {
    event_.has_segs = true;
    event_.segs.clear();
    event_.texts.clear();
    in_.begin_array();
    while (in_.next_element()) {
      if (in_.peek() != Kind::object) {
        in_.skip_value();
        continue;
      }
      if (auto seg = read_seg()) event_.segs.push_back(*seg);
    }
  }

  std::optional<Seg> read_seg() {
    Seg seg;
    bool has_text = false;
    in_.begin_object();
    while (in_.next_member(key_)) {
      if (key_ == "utf8" && in_.peek() == Kind::string) {
        seg.begin = event_.texts.size();  // a repeated key leaves its earlier text unused
        in_.read_string(event_.texts);
        seg.end = event_.texts.size();
        has_text = true;
      } else if (key_ == "tOffsetMs") {
        seg.offset_ms = read_number();
      } else {
        has_text = has_text && key_ != "utf8";
        in_.skip_value();
      }
    }
    return has_text ? std::optional<Seg>(seg) : std::nullopt;
  }

  std::optional<double> read_number() {
    double value = 0;
    if (in_.peek() == Kind::number) return in_.read_number(value) ? std::optional<double>(value) : std::nullopt;
    in_.skip_value();
    return std::nullopt;
  }

  void add_cue(std::size_t index) {
    if (!event_.has_segs) return;
    if (!event_.start_ms) {
      problem_ = in_.position(event_offset_) + ": event " + std::to_string(index) + ": no tStartMs";
      return;
    }
    double start_ms = *event_.start_ms;
    double duration_ms = event_.duration_ms.value_or(-1);
    Cue cue{start_ms / 1000.0, duration_ms >= 0 ? (start_ms + duration_ms) / 1000.0 : -1, to_lines(event_, start_ms)};
    bool empty = true;
    for (const auto& line : cue.lines)
      for (const auto& w : line.words) empty = empty && only_whitespace(w.text);
    if (!empty) track_.cues.push_back(std::move(cue));
  }

  JsonScanner in_;
  CueTrack track_;
  bool has_events_ = false;
  bool object_root_ = false;  // the top level is an object
  bool saw_events_ = false;   // with an "events" member, of any type
  std::string problem_;           // the first event that cannot be read
  std::size_t event_offset_ = 0;  // where the event being read starts
  std::string key_;
  Event event_;
};

}  // namespace

Outcome<CueTrack> read_json3(std::string_view content) { return Reader(content).read(); }

}  // namespace ytm::transcript
