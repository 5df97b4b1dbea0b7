#include "pipeline/translation.hpp"

#include <algorithm>
#include <utility>

#include "pipeline/text.hpp"
#include "pipeline/translation_answer.hpp"

namespace ytm::pipeline {
namespace {

double language_density(std::string_view tag) {
  static const std::pair<const char*, double> densities[] = {
      {"en", 1.0}, {"de", 1.2}, {"fr", 1.15}, {"es", 1.15}, {"it", 1.1}, {"pt", 1.1}, {"nl", 1.15},
      {"ru", 1.1}, {"pl", 1.1}, {"uk", 1.1},  {"tr", 1.05}, {"zh", 0.3}, {"ja", 0.4}, {"ko", 0.45}};
  const std::string primary = primary_language(tag);
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
  return read_translation(reply, chunk, {}, {}).paragraphs;
}

double expected_length_ratio(std::string_view source_language, std::string_view target_language) {
  return language_density(target_language) / language_density(source_language);
}

std::optional<std::string> chapter_break_problem(const std::vector<Paragraph>& paragraphs,
                                                 const std::vector<Line>& lines, const Chunk& chunk) {
  return missing_chapter_break(paragraphs, lines, chunk);
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
    nlohmann::json item{{"start", p.start}, {"end", p.end}, {"speaker", p.speaker}, {"text", p.text}};
    if (!p.untranslated.empty()) item["untranslated"] = p.untranslated;
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<Paragraph> paragraphs_from_json(const nlohmann::json& value) {
  std::vector<Paragraph> out;
  for (const auto& p : value) {
    out.push_back({p.value("start", 0), p.value("end", 0), p.value("speaker", ""), p.value("text", ""),
                   p.value("untranslated", "")});
  }
  return out;
}

}  // namespace ytm::pipeline
