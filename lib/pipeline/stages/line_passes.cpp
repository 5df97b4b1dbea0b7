#include "pipeline/stages/line_passes.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "pipeline/measure.hpp"

namespace ytm::pipeline {
namespace {

// A bold line longer than this is text the model stressed, not a heading.
constexpr std::size_t max_heading_chars = 40;
// An outro is a line or two, not a paragraph.
constexpr std::size_t max_outro_bytes = 240;
// How far back from the chunk's end the transcript is searched for an outro of its own.
constexpr std::size_t outro_source_lines = 4;

bool contains_any(std::string_view text, std::span<const std::string_view> phrases) {
  const std::string lower = ascii_lower(text);
  return std::any_of(phrases.begin(), phrases.end(),
                     [&](std::string_view p) { return lower.find(p) != std::string::npos; });
}

// --- translator's notes ---

constexpr std::string_view note_labels[] = {"译注", "译者注", "translator's note", "translator’s note",
                                            "translator note", "note from the translator", "t/n", "tn:"};
struct Brackets {
  std::string_view open, close;
};
constexpr Brackets note_brackets[] = {{"\uFF08", "\uFF09"}, {"(", ")"}, {"\u3010", "\u3011"}, {"[", "]"}};

bool opens_note(std::string_view rest) {
  rest = trim(rest);
  const std::string lower = ascii_lower(rest.substr(0, 40));
  return std::any_of(std::begin(note_labels), std::end(note_labels),
                     [&](std::string_view label) { return lower.starts_with(label); });
}

// Where the bracket opened at `from` closes (its bytes included), or npos.
std::size_t note_end(std::string_view line, std::size_t from, const Brackets& b) {
  int depth = 0;
  for (std::size_t i = from; i < line.size();) {
    if (line.substr(i).starts_with(b.open)) {
      ++depth;
      i += b.open.size();
    } else if (line.substr(i).starts_with(b.close)) {
      i += b.close.size();
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return std::string_view::npos;
}

// The line without its bracketed notes; how many.
int remove_notes(std::string& line) {
  int removed = 0;
  for (const Brackets& b : note_brackets) {
    for (std::size_t at = line.find(b.open); at != std::string::npos; at = line.find(b.open, at)) {
      const std::size_t end = opens_note(std::string_view(line).substr(at + b.open.size())) ? note_end(line, at, b)
                                                                                            : std::string::npos;
      if (end == std::string::npos) {
        at += b.open.size();
        continue;
      }
      // One space of the two around the note goes with it: "a (note) b" is "a b".
      std::size_t from = at, to = end;
      const bool space_after = end < line.size() && line[end] == ' ';
      if (at > 0 && line[at - 1] == ' ' && (space_after || end == line.size())) {
        --from;
      } else if (space_after) {
        ++to;
      }
      line.erase(from, to - from);
      at = from;
      ++removed;
    }
  }
  return removed;
}

// --- lists ---

// The bytes a list marker takes at the start of t (with the spaces after it); 0 when none.
std::size_t list_marker(std::string_view t) {
  static constexpr std::string_view bullets[] = {"- ", "* ", "+ ", "\u2022", "\u00B7 ", "\u2013 "};
  for (const auto bullet : bullets) {
    if (t.starts_with(bullet)) return bullet.size();
  }
  std::size_t digits = 0;
  const bool bracketed = t.starts_with('(') || t.starts_with("\uFF08");
  const std::size_t open = t.starts_with('(') ? 1 : bracketed ? 3 : 0;
  while (open + digits < t.size() && digits < 3 && t[open + digits] >= '0' && t[open + digits] <= '9') ++digits;
  if (digits == 0 || digits > 2) return 0;
  const std::string_view after = t.substr(open + digits);
  if (bracketed) {
    if (after.starts_with(')')) return open + digits + 1;
    if (after.starts_with("\uFF09")) return open + digits + 3;
    return 0;
  }
  if (after.starts_with("\u3001") || after.starts_with("\uFF0E")) return digits + 3;
  if ((after.starts_with(". ") || after.starts_with(") "))) return digits + 2;
  return 0;
}

// --- tables ---

bool is_table_rule(std::string_view t) {
  return t.starts_with('|') && t.find('-') != std::string_view::npos &&
         t.find_first_not_of("|-: ") == std::string_view::npos;
}

std::string table_cells(std::string_view row) {
  std::string out;
  std::size_t start = 0;
  while (start <= row.size()) {
    std::size_t bar = row.find('|', start);
    if (bar == std::string_view::npos) bar = row.size();
    const std::string_view cell = trim(row.substr(start, bar - start));
    if (!cell.empty()) out += (out.empty() ? "" : " ") + std::string(cell);
    start = bar + 1;
  }
  return out;
}

// --- pseudo-headings ---

std::vector<std::string> speaker_names(const ReadFacts& facts) {
  std::vector<std::string> names;
  for (std::size_t i = facts.chunk.first; i < facts.chunk.last && i < facts.lines.size(); ++i) {
    if (!facts.lines[i].speaker.empty()) names.push_back(ascii_lower(facts.lines[i].speaker));
  }
  for (const auto& name : facts.names) names.push_back(ascii_lower(name));
  return names;
}

// The words inside **…** or __…__ when that is the whole of t.
std::optional<std::string_view> bold_only(std::string_view t) {
  for (const std::string_view mark : {"**", "__"}) {
    if (t.size() > 2 * mark.size() && t.starts_with(mark) && t.ends_with(mark)) {
      const std::string_view inner = trim(t.substr(mark.size(), t.size() - 2 * mark.size()));
      if (!inner.empty() && inner.find(mark) == std::string_view::npos) return inner;
    }
  }
  return std::nullopt;
}

bool is_pseudo_heading(std::string_view inner, const std::vector<std::string>& names) {
  return count_codepoints(inner) <= max_heading_chars && !ends_sentence(inner) && !inner.ends_with(':') &&
         !inner.ends_with("\uFF1A") && !leading_stamp(inner) &&
         std::find(names.begin(), names.end(), ascii_lower(inner)) == names.end();
}

// --- outros ---

constexpr std::string_view outro_phrases[] = {
    "感谢收看", "感谢观看",   "谢谢收看",  "谢谢观看",       "谢谢大家收看",          "谢谢大家观看",
    "点赞",     "订阅",       "一键三连",  "下期再见",       "thanks for watching",   "thank you for watching",
    "subscribe", "see you in the next", "danke fürs zuschauen", "abonniert", "merci d'avoir regardé", "abonnez"};
constexpr std::string_view source_outro_words[] = {"subscri", "abonn", "watching", "点赞", "订阅", "收看", "观看"};

bool source_has_outro(const ReadFacts& facts) {
  const std::size_t last = std::min(facts.chunk.last, facts.lines.size());
  const std::size_t first = std::max(facts.chunk.first, last > outro_source_lines ? last - outro_source_lines : 0);
  for (std::size_t i = first; i < last; ++i) {
    if (contains_any(facts.lines[i].text, source_outro_words)) return true;
  }
  return false;
}

std::string_view without_emphasis(std::string_view t) {
  while (!t.empty() && (t.front() == '*' || t.front() == '_' || t.front() == '>')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == '*' || t.back() == '_')) t.remove_suffix(1);
  return trim(t);
}

}  // namespace

Passed<std::string> drop_translator_notes(Lines lines, const ReadFacts& /*facts*/) {
  int removed = 0;
  Lines kept;
  for (std::string& line : lines) {
    const std::string_view t = trim(line);
    const auto stamp = leading_stamp(t);
    if (!t.empty() && opens_note(without_emphasis(stamp ? t.substr(stamp->length) : t))) {
      ++removed;
      if (stamp) kept.emplace_back(trim(t.substr(0, stamp->length)));  // the stamp opens what follows
      continue;
    }
    const bool had_text = !trim(line).empty();
    removed += remove_notes(line);
    if (had_text && trim(line).empty()) continue;  // only a note: no line left
    kept.push_back(std::move(line));
  }
  return {std::move(kept), removed};
}

Passed<std::string> unlist(Lines lines, const ReadFacts& /*facts*/) {
  int items = 0;
  for (std::string& line : lines) {
    const std::string_view t = trim(line);
    const std::size_t marker = list_marker(t);
    if (marker == 0) continue;
    line = std::string(trim(t.substr(marker)));
    ++items;
  }
  return {std::move(lines), items};
}

Passed<std::string> untable(Lines lines, const ReadFacts& /*facts*/) {
  int rows = 0;
  Lines out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view t = trim(lines[i]);
    if (!t.starts_with('|')) {
      out.push_back(std::move(lines[i]));
      continue;
    }
    const bool header = i + 1 < lines.size() && is_table_rule(trim(lines[i + 1]));
    if (is_table_rule(t) || header) continue;
    out.push_back(table_cells(t));
    ++rows;
  }
  return {std::move(out), rows};
}

Passed<std::string> drop_pseudo_headings(Lines lines, const ReadFacts& facts) {
  const auto names = speaker_names(facts);
  int dropped = 0;
  Lines out;
  for (std::string& line : lines) {
    const std::string_view t = trim(line);
    const auto stamp = leading_stamp(t);
    const std::string_view rest = stamp ? trim(t.substr(stamp->length)) : t;
    const auto inner = bold_only(rest);
    if (!inner) {
      out.push_back(std::move(line));
    } else if (is_pseudo_heading(*inner, names)) {
      ++dropped;
      if (stamp) out.emplace_back(trim(t.substr(0, stamp->length)));  // the stamp opens what follows
    } else {
      out.push_back(std::string(t.substr(0, stamp ? stamp->length : 0)) + std::string(*inner));
    }
  }
  return {std::move(out), dropped};
}

Passed<std::string> drop_outros(Lines lines, const ReadFacts& facts) {
  std::size_t end = lines.size();
  std::vector<std::size_t> outro;
  while (end > 0) {
    const std::string_view t = trim(lines[end - 1]);
    --end;
    if (t.empty()) continue;
    if (leading_stamp(t) || t.size() > max_outro_bytes || !contains_any(without_emphasis(t), outro_phrases)) break;
    outro.push_back(end);
  }
  if (outro.empty() || source_has_outro(facts)) return {std::move(lines), 0};
  for (const std::size_t at : outro) lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(at));
  return {std::move(lines), static_cast<int>(outro.size())};
}

Lines split_lines(std::string_view text) {
  Lines lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t eol = text.find('\n', start);
    if (eol == std::string_view::npos) eol = text.size();
    lines.emplace_back(text.substr(start, eol - start));
    start = eol + 1;
  }
  return lines;
}

std::string join_lines(const Lines& lines) {
  std::string text;
  for (std::size_t i = 0; i < lines.size(); ++i) text += (i ? "\n" : "") + lines[i];
  return text;
}

}  // namespace ytm::pipeline
