#include "pipeline/translation.hpp"

#include <algorithm>
#include <utility>

#include "pipeline/text.hpp"

namespace ytm::pipeline {
namespace {

// A stretch of source this long with (almost) nothing for it is a gap, not a paraphrase.
constexpr std::size_t gap_min_chars = 600;
// The whole chunk below this share of its expected length is cut off or summarised.
constexpr double min_length_share = 0.5;
// One paragraph's stretch below this share of its expected length is a gap.
constexpr double min_span_share = 0.25;

struct Opening {
  int seconds = 0;
  std::string speaker;
  std::string rest;
};

std::optional<Opening> paragraph_opening(std::string_view line) {
  if (!line.starts_with('[')) return std::nullopt;
  const std::size_t close = line.find(']');
  if (close == std::string_view::npos) return std::nullopt;
  const auto seconds = parse_timestamp(line.substr(1, close - 1));
  if (!seconds) return std::nullopt;
  Opening opening{*seconds, "", trim(line.substr(close + 1))};
  std::string_view rest = opening.rest;
  if (rest.starts_with("**")) {
    const std::size_t end = rest.find("**", 2);
    if (end != std::string_view::npos) {
      std::string name = trim(rest.substr(2, end - 2));
      std::string_view after = rest.substr(end + 2);
      if (name.ends_with(':')) name.pop_back();
      if (after.starts_with(':')) after.remove_prefix(1);
      if (!name.empty() && name.size() <= 60) {
        opening.speaker = trim(name);
        opening.rest = trim(after);
      }
    }
  }
  return opening;
}

void append_text(std::string& text, std::string_view more) {
  if (more.empty()) return;
  if (!text.empty()) text += ' ';
  text += more;
}

double language_density(std::string_view tag) {
  static const std::pair<const char*, double> densities[] = {
      {"en", 1.0}, {"de", 1.2}, {"fr", 1.15}, {"es", 1.15}, {"it", 1.1}, {"pt", 1.1}, {"nl", 1.15},
      {"ru", 1.1}, {"pl", 1.1}, {"uk", 1.1},  {"tr", 1.05}, {"zh", 0.3}, {"ja", 0.4}, {"ko", 0.45}};
  std::string primary(tag.substr(0, tag.find_first_of("-_")));
  std::transform(primary.begin(), primary.end(), primary.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& [code, density] : densities) {
    if (primary == code) return density;
  }
  return 1.0;
}

// The renderer files a paragraph under the chapter its start falls in, so text from a chapter that
// no paragraph starts at would sit under the chapter before it.
std::optional<std::string> missing_chapter_break(const std::vector<Paragraph>& paragraphs,
                                                 const std::vector<Line>& lines, const Chunk& chunk) {
  for (std::size_t i = chunk.first + 1; i < chunk.last; ++i) {
    if (lines[i].chapter == lines[i - 1].chapter) continue;
    const int begins = static_cast<int>(lines[i].start);
    const bool breaks = std::any_of(paragraphs.begin(), paragraphs.end(),
                                    [&](const Paragraph& p) { return p.start >= begins && p.start <= begins + 1; });
    if (!breaks) return "no paragraph begins where the chapter at " + format_timestamp(begins) + " starts";
  }
  return std::nullopt;
}

}  // namespace

TranslationWithNotes split_notes_block(std::string_view reply) {
  for (const std::string_view opening : {"\n```notes", "\n```json"}) {
    const std::size_t fence = reply.rfind(opening);
    if (fence == std::string_view::npos) continue;
    const std::size_t body = reply.find('\n', fence + 1);
    if (body == std::string_view::npos) break;
    const std::size_t close = reply.find("\n```", body);
    const std::size_t end = close == std::string_view::npos ? reply.size() : close;
    return {reply.substr(0, fence), reply.substr(body + 1, end - body - 1)};
  }
  return {reply, std::nullopt};
}

std::vector<Paragraph> parse_translation(std::string_view reply, const Chunk& chunk) {
  std::vector<Paragraph> out;
  std::size_t pos = 0;
  while (pos <= reply.size()) {
    std::size_t eol = reply.find('\n', pos);
    if (eol == std::string_view::npos) eol = reply.size();
    const std::string line = trim(reply.substr(pos, eol - pos));
    pos = eol + 1;
    if (line.starts_with("```") || line.starts_with("---")) continue;
    if (line.empty()) continue;
    if (auto opening = paragraph_opening(line)) {
      const double start = std::clamp<double>(opening->seconds, chunk.start, chunk.end);
      const double floor = out.empty() ? chunk.start : out.back().start;
      out.push_back(Paragraph{static_cast<int>(std::max(start, floor)), 0, opening->speaker, opening->rest});
    } else if (out.empty()) {
      out.push_back(Paragraph{static_cast<int>(chunk.start), 0, "", line});
    } else {
      // A paragraph the model left without a timestamp belongs to the one before it.
      append_text(out.back().text, line);
    }
  }
  std::erase_if(out, [](const Paragraph& p) { return p.text.empty(); });
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].end = i + 1 < out.size() ? out[i + 1].start : static_cast<int>(chunk.end);
  }
  return out;
}

double expected_length_ratio(std::string_view source_language, std::string_view target_language) {
  return language_density(target_language) / language_density(source_language);
}

std::optional<std::string> translation_problem(const std::vector<Paragraph>& paragraphs, const std::vector<Line>& lines,
                                               const Chunk& chunk, std::string_view source_language,
                                               std::string_view target_language, bool truncated) {
  if (truncated) return "the answer stopped at the output token limit";
  if (paragraphs.empty()) return "the answer has no paragraphs";
  const double ratio = expected_length_ratio(source_language, target_language);
  std::size_t source_chars = 0, target_chars = 0;
  for (std::size_t i = chunk.first; i < chunk.last; ++i) source_chars += count_codepoints(lines[i].text);
  for (const Paragraph& p : paragraphs) target_chars += count_codepoints(p.text);
  const double expected = static_cast<double>(source_chars) * ratio;
  if (source_chars >= gap_min_chars && static_cast<double>(target_chars) < expected * min_length_share) {
    return "the translation has " + std::to_string(target_chars) + " characters where about " +
           std::to_string(static_cast<long>(expected)) + " were expected";
  }
  // Source characters in each paragraph's stretch of time, and before the first paragraph.
  std::vector<std::size_t> span_source(paragraphs.size() + 1, 0);
  for (std::size_t i = chunk.first; i < chunk.last; ++i) {
    const double t = lines[i].start;
    std::size_t span = 0;
    while (span < paragraphs.size() && paragraphs[span].start <= t + 1) ++span;
    span_source[span] += count_codepoints(lines[i].text);
  }
  if (auto problem = missing_chapter_break(paragraphs, lines, chunk)) return problem;
  if (span_source[0] >= gap_min_chars / 2) {
    return "nothing translates the start of the chunk before " + format_timestamp(paragraphs.front().start);
  }
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    const std::size_t source = span_source[i + 1];
    const auto target = static_cast<double>(count_codepoints(paragraphs[i].text));
    if (source >= gap_min_chars && target < static_cast<double>(source) * ratio * min_span_share) {
      return "the paragraph at " + format_timestamp(paragraphs[i].start) + " is far too short for the " +
             format_timestamp(paragraphs[i].end - paragraphs[i].start) + " of speech it stands for";
    }
  }
  return std::nullopt;
}

std::vector<Paragraph> paragraphs_from_lines(const std::vector<Line>& lines, double video_end) {
  constexpr double paragraph_seconds = 60;
  std::vector<Paragraph> out;
  int chapter = -2;
  for (const Line& line : lines) {
    const bool fresh = out.empty() || line.chapter != chapter ||
                       (!line.speaker.empty() && line.speaker != out.back().speaker) ||
                       line.start - out.back().start >= paragraph_seconds;
    if (fresh) {
      out.push_back(Paragraph{static_cast<int>(line.start), 0, line.speaker, line.text});
    } else {
      std::size_t first = 0;
      if (!is_cjk(next_codepoint(line.text, first))) out.back().text += ' ';
      out.back().text += line.text;
    }
    chapter = line.chapter;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].end = i + 1 < out.size() ? out[i + 1].start : static_cast<int>(std::max(video_end, lines.back().end));
  }
  return out;
}

nlohmann::json paragraphs_to_json(const std::vector<Paragraph>& paragraphs) {
  auto out = nlohmann::json::array();
  for (const Paragraph& p : paragraphs) {
    out.push_back({{"start", p.start}, {"end", p.end}, {"speaker", p.speaker}, {"text", p.text}});
  }
  return out;
}

std::vector<Paragraph> paragraphs_from_json(const nlohmann::json& value) {
  std::vector<Paragraph> out;
  for (const auto& p : value) {
    out.push_back({p.value("start", 0), p.value("end", 0), p.value("speaker", ""), p.value("text", "")});
  }
  return out;
}

}  // namespace ytm::pipeline
