#include <algorithm>
#include <limits>
#include <map>
#include <optional>

#include "core/text.hpp"
#include "transcript/cues.hpp"
#include "transcript/pieces.hpp"
#include "transcript/caption_text.hpp"

namespace ytm::transcript {
namespace {

// Automatic captions rarely have punctuation: a segment also ends at a pause, or once it has
// grown to a long sentence's length.
constexpr double pause_seconds = 2.0;
constexpr double max_seconds = 30.0;
constexpr std::size_t soft_bytes = 160;  // end at the next caption line from here
constexpr std::size_t hard_bytes = 300;

class Builder {
 public:
  explicit Builder(std::vector<Segment>& out) : out_(out) {}

  void add(const Piece& p) {
    // A ">>" has no time of its own (its share of the cue is made up): the turn starts with its words.
    if (p.speaker_change) return turn("", std::numeric_limits<double>::infinity());
    if (p.marker) return add_marker(p);
    if (open_ && must_break_before(p)) flush();
    if (!open_) {
      current_ = {turn_pending_ ? std::min(turn_start_, p.start) : p.start, p.end, p.text, false, turn_pending_,
                  speaker_};
      turn_pending_ = false;
      open_ = true;
    } else {
      if (needs_space(p)) current_.text += ' ';
      current_.text += p.text;
      current_.end = std::max(current_.end, p.end);
    }
    if (text::ends_spoken_sentence(p.text)) flush();
  }

  // A new speaker's turn from `start` (where its marker or label is): the captions' label of who
  // speaks, or "" after a bare ">>".
  void turn(std::string speaker, double start) {
    flush();
    if (!turn_pending_) turn_start_ = start;
    turn_pending_ = true;
    speaker_ = std::move(speaker);
  }

  void flush() {
    if (open_ && !current_.text.empty()) out_.push_back(std::move(current_));
    open_ = false;
    current_ = {};
  }

 private:
  [[nodiscard]] bool must_break_before(const Piece& p) const {
    auto size = current_.text.size();
    return p.start - current_.end >= pause_seconds || p.start - current_.start >= max_seconds || size >= hard_bytes ||
           (size >= soft_bytes && p.line_start);
  }

  [[nodiscard]] bool needs_space(const Piece& p) const {
    if (p.space_before && !p.line_start) return true;
    if (!p.line_start) return false;
    return !(is_cjk(last_code_point(current_.text)) && is_cjk(first_code_point(p.text)));
  }

  void add_marker(const Piece& p) {
    flush();
    if (!out_.empty() && out_.back().marker && out_.back().text == p.text &&
        p.start - out_.back().end < pause_seconds) {
      out_.back().end = std::max(out_.back().end, p.end);
      return;
    }
    out_.push_back({p.start, p.end, p.text, true, false, {}});
  }

  std::vector<Segment>& out_;
  Segment current_;
  bool open_ = false;
  bool turn_pending_ = false;  // the next speech opens a turn (markers in between do not)
  double turn_start_ = 0;
  std::string speaker_;
};

// A word of a speaker's label: capitalised ("Sarah", "SARAH", "Dr.", "O'Neil").
bool name_word(std::string_view word) {
  if (word.empty() || word.front() < 'A' || word.front() > 'Z') return false;
  return std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '\'' || c == '-';
  });
}

// "SARAH:" or "Sarah Guo:" opening a caption line (or right after ">>"): the label and how many
// pieces it takes.
struct Label {
  std::string name;
  std::size_t pieces = 0;
};
constexpr std::size_t max_label_words = 3;

std::optional<Label> label_at(const std::vector<Piece>& pieces, std::size_t i) {
  const bool opens = pieces[i].line_start || (i > 0 && pieces[i - 1].speaker_change);
  if (!opens) return std::nullopt;
  std::string name;
  for (std::size_t k = i; k < pieces.size() && k < i + max_label_words; ++k) {
    const Piece& p = pieces[k];
    if (p.marker || p.speaker_change || (k > i && p.line_start)) return std::nullopt;
    std::string_view word = p.text;
    const bool last = word.ends_with(':');
    if (last) word.remove_suffix(1);
    if (!name_word(word)) return std::nullopt;
    name += (name.empty() ? "" : " ") + std::string(word);
    if (last) return k + 1 < pieces.size() ? std::optional<Label>(Label{name, k - i + 1}) : std::nullopt;
  }
  return std::nullopt;
}

// Labels that open at least two lines of the track: a speaker's name, not a "Note:" said once.
std::map<std::string, int> recurring_labels(const std::vector<Piece>& pieces) {
  std::map<std::string, int> count;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (auto label = label_at(pieces, i)) ++count[label->name];
  }
  std::erase_if(count, [](const auto& entry) { return entry.second < 2; });
  return count;
}

}  // namespace

std::vector<Segment> assemble(const std::vector<Piece>& pieces) {
  std::vector<Segment> segments;
  Builder builder(segments);
  const auto labels = recurring_labels(pieces);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (!labels.empty()) {
      if (auto label = label_at(pieces, i); label && labels.contains(label->name)) {
        builder.turn(label->name, pieces[i].start);
        i += label->pieces - 1;
        continue;
      }
    }
    builder.add(pieces[i]);
  }
  builder.flush();
  return segments;
}

std::vector<Segment> clean_cues(CueTrack track) { return assemble(to_pieces(std::move(track))); }

}  // namespace ytm::transcript
