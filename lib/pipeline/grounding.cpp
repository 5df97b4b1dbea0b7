#include "pipeline/grounding.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "pipeline/chunking.hpp"
#include "pipeline/measure.hpp"

namespace ytm::pipeline {
namespace {

// Near-verbatim: this share of a quote part's words must appear in order.
constexpr double fuzzy_share = 0.85;
constexpr std::size_t fuzzy_min_words = 5;

bool separator(char32_t c) {
  if (c < 0x80) return std::isalnum(static_cast<int>(c)) == 0;
  return (c >= 0x80 && c <= 0xBF) || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
         (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
         (c >= 0xFF5B && c <= 0xFF65) || c == 0xD7 || c == 0xF7;
}

std::size_t common_in_order(const std::vector<std::string>& a, const std::vector<std::string>& words, std::size_t from,
                            std::size_t count) {
  std::vector<std::size_t> row(count + 1, 0), prev(count + 1, 0);
  for (const auto& word : a) {
    for (std::size_t j = 1; j <= count; ++j) {
      row[j] = word == words[from + j - 1] ? prev[j - 1] + 1 : std::max(prev[j], row[j - 1]);
    }
    std::swap(row, prev);
  }
  return prev[count];
}

std::vector<std::string> split_ellipses(std::string_view quote) {
  std::string text(quote);
  for (const std::string_view mark : {"[...]", "[\u2026]", "...", "\u2026"}) {
    for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at)) {
      text.replace(at, mark.size(), "\n");
    }
  }
  std::vector<std::string> parts;
  std::size_t from = 0;
  for (std::size_t at = text.find('\n');; at = text.find('\n', from)) {
    parts.push_back(text.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos) break;
    from = at + 1;
  }
  return parts;
}

std::string strip_parentheses(std::string_view name) {
  std::string out;
  int depth = 0;
  for (std::size_t i = 0; i < name.size();) {
    const char32_t c = next_codepoint(name, i);
    if (c == '(' || c == 0xFF08) ++depth;
    if (depth == 0) append_utf8(out, c);
    if ((c == ')' || c == 0xFF09) && depth > 0) --depth;
  }
  return out;
}

}  // namespace

std::vector<std::string> normalised_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = next_codepoint(text, i);
    if (is_cjk(c) && !separator(c)) {
      flush();
      append_utf8(word, c);
      flush();
    } else if (separator(c)) {  // apostrophes too: "NVIDIA's" holds the name "NVIDIA"
      flush();
    } else {
      append_utf8(word, c < 0x80 ? static_cast<char32_t>(std::tolower(static_cast<int>(c))) : c);
    }
  }
  flush();
  return words;
}

TranscriptIndex::TranscriptIndex(const std::vector<Segment>& segments, const VideoInfo& video) {
  for (const Segment& segment : segments) {
    if (segment.marker) continue;
    const auto words = normalised_words(segment.text);
    for (std::size_t k = 0; k < words.size(); ++k) {
      words_.push_back(words[k]);
      times_.push_back(segment.start +
                       (segment.end - segment.start) * static_cast<double>(k) / static_cast<double>(words.size()));
    }
  }
  corpus_ = " ";
  for (const auto& w : words_) corpus_ += w + ' ';
  for (const auto& w : normalised_words(video.title + "\n" + video.description)) corpus_ += w + ' ';
}

std::optional<std::size_t> TranscriptIndex::find_part(const std::vector<std::string>& part, std::size_t from,
                                                      std::size_t to, bool& exact) const {
  const std::size_t n = part.size();
  for (std::size_t s = from; s + n <= to; ++s) {
    if (std::equal(part.begin(), part.end(), words_.begin() + static_cast<long>(s))) return s;
  }
  if (n < fuzzy_min_words) return std::nullopt;
  const std::size_t span = n + n / 5 + 1;
  std::size_t best = 0, best_at = 0;
  for (std::size_t s = from; s < to; ++s) {
    const auto lead_end = part.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(3, n));
    if (std::find(part.begin(), lead_end, words_[s]) == lead_end) continue;
    const std::size_t common = common_in_order(part, words_, s, std::min(span, words_.size() - s));
    if (common > best) {
      best = common;
      best_at = s;
    }
  }
  if (static_cast<double>(best) < fuzzy_share * static_cast<double>(n)) return std::nullopt;
  exact = false;
  return best_at;
}

std::optional<QuoteMatch> TranscriptIndex::find_quote(std::string_view quote, int timestamp, int window) const {
  const auto lower = std::lower_bound(times_.begin(), times_.end(), timestamp - window);
  const auto upper = std::upper_bound(times_.begin(), times_.end(), timestamp + window);
  std::size_t from = static_cast<std::size_t>(lower - times_.begin());
  const auto to = static_cast<std::size_t>(upper - times_.begin());
  std::optional<QuoteMatch> match;
  for (const std::string& text : split_ellipses(quote)) {
    const auto part = normalised_words(text);
    if (part.empty()) continue;
    bool exact = true;
    // Later parts may run a little past the window: the quote began inside it.
    const std::size_t limit = match ? std::min(words_.size(), to + part.size()) : to;
    const auto at = find_part(part, from, limit, exact);
    if (!at) return std::nullopt;
    if (!match) match = QuoteMatch{static_cast<int>(std::floor(times_[*at])), true};
    match->exact = match->exact && exact;
    from = *at + part.size();
  }
  return match;
}

bool TranscriptIndex::knows_name(std::string_view name) const {
  std::string parts = strip_parentheses(name);
  std::replace(parts.begin(), parts.end(), '/', '\n');
  std::replace(parts.begin(), parts.end(), ',', '\n');
  bool any = false;
  std::size_t from = 0;
  for (std::size_t at = parts.find('\n');; at = parts.find('\n', from)) {
    const auto words = normalised_words(parts.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (!words.empty()) {
      std::string needle = " ";
      for (const auto& w : words) needle += w + ' ';
      if (corpus_.find(needle) == std::string::npos) return false;
      any = true;
    }
    if (at == std::string::npos) break;
    from = at + 1;
  }
  return any;
}

int fix_chapters(std::vector<Chapter>& chapters, const std::vector<SourceChapter>& creator, double duration) {
  const int end = static_cast<int>(std::lround(duration));
  const std::vector<Chapter> before = chapters;
  std::vector<Chapter> fixed;
  if (!creator.empty()) {
    const auto sorted = sorted_chapters(creator);
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      Chapter c{i == 0 ? 0 : static_cast<int>(std::lround(sorted[i].start)), 0, sorted[i].title, ""};
      if (c.start >= end && i > 0) break;
      const int c_end = i + 1 < sorted.size() ? static_cast<int>(std::lround(sorted[i + 1].start)) : end;
      // The model's chapter that overlaps the creator's most gives its translated title and line.
      int best_overlap = 0;
      for (const Chapter& m : before) {
        const int overlap = std::min(m.end, c_end) - std::max(m.start, c.start);
        if (overlap > best_overlap) {
          best_overlap = overlap;
          c.title = m.title.empty() ? c.title : m.title;
          c.summary = m.summary;
        }
      }
      fixed.push_back(c);
    }
  } else {
    for (Chapter c : before) {
      c.start = std::clamp(c.start, 0, end);
      if (c.start >= end && end > 0) continue;
      fixed.push_back(c);
    }
    std::stable_sort(fixed.begin(), fixed.end(), [](const Chapter& a, const Chapter& b) { return a.start < b.start; });
    fixed.erase(
        std::unique(fixed.begin(), fixed.end(), [](const Chapter& a, const Chapter& b) { return a.start == b.start; }),
        fixed.end());
    if (!fixed.empty()) fixed.front().start = 0;
  }
  for (std::size_t i = 0; i < fixed.size(); ++i) fixed[i].end = i + 1 < fixed.size() ? fixed[i + 1].start : end;
  int changed = static_cast<int>(before.size() > fixed.size() ? before.size() - fixed.size() : 0);
  for (std::size_t i = 0; i < fixed.size(); ++i) {
    if (i >= before.size() || before[i].start != fixed[i].start || before[i].end != fixed[i].end) ++changed;
  }
  chapters = std::move(fixed);
  return changed;
}

Grounding ground_summary(Summary& summary, const PipelineInput& input, double duration,
                         const GroundingOptions& options) {
  Grounding counts;
  const TranscriptIndex index(input.segments, input.video);
  std::vector<Quote> kept;
  for (Quote& quote : summary.quotes) {
    if (const auto match = index.find_quote(quote.text, quote.timestamp, options.quote_window_seconds)) {
      quote.timestamp = match->timestamp;
      kept.push_back(std::move(quote));
    }
  }
  counts.quotes_kept = static_cast<int>(kept.size());
  counts.quotes_dropped = static_cast<int>(summary.quotes.size() - kept.size());
  summary.quotes = std::move(kept);
  counts.chapters_fixed = fix_chapters(summary.chapters, input.chapters, duration);
  for (Company& company : summary.companies) {
    company.grounded = index.knows_name(company.name);
    counts.names_flagged += company.grounded ? 0 : 1;
  }
  for (Person& person : summary.people) {
    person.grounded = index.knows_name(person.name);
    counts.names_flagged += person.grounded ? 0 : 1;
  }
  return counts;
}

}  // namespace ytm::pipeline
