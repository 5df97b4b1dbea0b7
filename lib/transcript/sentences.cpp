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
    if (p.speaker_change) return flush();
    if (p.marker) return add_marker(p);
    if (open_ && must_break_before(p)) flush();
    if (!open_) {
      current_ = {p.start, p.end, p.text, false};
      open_ = true;
    } else {
      if (needs_space(p)) current_.text += ' ';
      current_.text += p.text;
      current_.end = std::max(current_.end, p.end);
    }
    if (text::ends_spoken_sentence(p.text)) flush();
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
    out_.push_back({p.start, p.end, p.text, true});
  }

  std::vector<Segment>& out_;
  Segment current_;
  bool open_ = false;
};

}  // namespace

std::vector<Segment> assemble(const std::vector<Piece>& pieces) {
  std::vector<Segment> segments;
  Builder builder(segments);
  for (const auto& p : pieces) builder.add(p);
  builder.flush();
  return segments;
}

std::vector<Segment> clean_cues(CueTrack track) { return assemble(to_pieces(std::move(track))); }

}  // namespace ytm::transcript
