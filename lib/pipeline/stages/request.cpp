#include "pipeline/stages/request.hpp"

#include "core/text.hpp"
#include "pipeline/measure.hpp"
#include "pipeline/video_terms.hpp"

namespace ytm::pipeline {

using nlohmann::json;

namespace {

// Long answers to repair are cut: the model needs to see what it wrote, not all of it.
constexpr std::size_t max_repair_echo = 60000;

model::Request make_request(const Video& video, const std::string& template_name,
                            std::map<std::string, std::string> extra, const std::string& label) {
  std::map<std::string, std::string> vars = video.vars;
  vars.merge(extra);
  model::Request request;
  request.system = fill(video.ctx.prompts.text("system.md"), vars);
  request.prompt = fill(video.ctx.prompts.text(template_name), vars);
  if (template_name != "repair.md") request.prompt += terms_block(video.terms);
  request.max_output_tokens = video.ctx.settings.model.max_output_tokens;
  request.label = video.label(label);
  return request;
}

std::string chapters_block(const Video& video) {
  if (video.chapters.empty()) return "";
  std::string block = "<chapters>\n";
  for (const SourceChapter& c : video.chapters) block += "[" + format_timestamp(c.start) + "] " + c.title + "\n";
  return block + "</chapters>\n";
}

std::string chunk_transcript(const Video& video, const Chunk& chunk) {
  return render_lines(video.lines, chunk.first, chunk.last, video.chapters);
}

std::string notes_block(const Video& video, const std::vector<json>& notes) {
  std::string block = "<notes>\n";
  for (std::size_t i = 0; i < notes.size(); ++i) {
    json line = notes[i];
    line.erase("terms");  // the request carries them once, as the video's glossary
    line["part"] = i + 1;
    line["from"] = format_timestamp(video.chunks[i].start);
    line["to"] = format_timestamp(video.chunks[i].end);
    block += line.dump() + "\n";
  }
  return block + "</notes>\n";
}

}  // namespace

std::string part_label(const Video& video, const Chunk& chunk, const std::string& suffix) {
  return std::to_string(chunk.index + 1) + suffix + " of " + std::to_string(video.chunks.size()) + " (" +
         format_timestamp(chunk.start) + "-" + format_timestamp(chunk.end) + ")";
}

model::Request translate_request(const Video& video, const Chunk& chunk, const std::string& part, bool with_notes) {
  return make_request(video, with_notes ? "translate_notes.md" : "translate.md",
                      {{"PART", part}, {"TRANSCRIPT", chunk_transcript(video, chunk)}}, "translate " + part);
}

model::Request gap_request(const Video& video, const Chunk& chunk, const std::vector<Gap>& gaps) {
  const std::string part = part_label(video, chunk, "") + ", only " + gap_times(gaps) + " (left out before)";
  return make_request(video, "translate.md",
                      {{"PART", part}, {"TRANSCRIPT", gap_transcript(gaps, video.lines, video.chapters)}},
                      "translate " + gap_times(gaps));
}

model::Request notes_request(const Video& video, const Chunk& chunk, const std::string& part) {
  auto request = make_request(video, "notes.md", {{"PART", part}, {"TRANSCRIPT", chunk_transcript(video, chunk)}},
                              "notes " + part);
  request.schema = video.ctx.prompts.notes_schema;
  return request;
}

model::Request summary_request(const Video& video, const std::vector<json>& notes) {
  std::map<std::string, std::string> extra{{"CHAPTERS", chapters_block(video)}};
  if (!notes.empty()) {
    extra["MATERIAL"] = notes_block(video, notes);
    extra["MATERIAL_NOTE"] =
        "The material is notes taken part by part from the transcript: points in time order, quotes copied "
        "word for word with their second, and names.";
  } else {
    extra["MATERIAL"] =
        "<transcript>\n" + render_lines(video.lines, 0, video.lines.size(), video.chapters) + "</transcript>\n";
    extra["MATERIAL_NOTE"] = "The material is the whole transcript, one line per sentence or two with its time.";
  }
  auto request = make_request(video, "summary.md", std::move(extra), "summary");
  request.schema = video.ctx.prompts.summary_schema;
  return request;
}

model::Request repair_request(const Video& video, const model::Request& original, const std::string& answer,
                              const std::string& error) {
  const json& schema = original.schema ? *original.schema : video.ctx.prompts.summary_schema;
  auto request = make_request(
      video, "repair.md", {{"ERROR", error}, {"SCHEMA", schema.dump()}, {"OUTPUT", answer.substr(0, max_repair_echo)}},
      "repair");
  request.schema = schema;
  request.label = original.label + " (repair)";
  return request;
}

Chunk gap_span(const std::vector<Gap>& gaps, const Chunk& chunk) {
  Chunk span = chunk;
  span.first = gaps.front().first;
  span.last = gaps.back().last;
  span.start = gaps.front().start;
  span.end = gaps.back().end;
  return span;
}

std::string gap_transcript(const std::vector<Gap>& gaps, const std::vector<Line>& lines,
                           const std::vector<SourceChapter>& chapters) {
  std::string text;
  for (std::size_t k = 0; k < gaps.size(); ++k) {
    if (k > 0) text += "--- (skipping to " + format_timestamp(gaps[k].start) + ") ---\n";
    text += render_lines(lines, gaps[k].first, gaps[k].last, chapters);
  }
  return text;
}

std::size_t gap_chars(const std::vector<Gap>& gaps, const std::vector<Line>& lines) {
  std::size_t total = 0;
  for (const Gap& g : gaps) {
    for (std::size_t i = g.first; i < g.last; ++i) total += count_codepoints(lines[i].text);
  }
  return total;
}

std::vector<Gap> gaps_within(const std::vector<Gap>& gaps, const std::vector<Line>& lines, std::size_t capacity) {
  if (gaps.empty() || gap_chars(gaps, lines) <= capacity) return gaps;
  const Gap& g = gaps.front();
  std::size_t end = g.first + 1, size = count_codepoints(lines[g.first].text), sentence = 0;
  while (end < g.last && size + count_codepoints(lines[end].text) <= capacity) {
    size += count_codepoints(lines[end].text);
    ++end;
    if (ends_sentence(lines[end - 1].text) && size * 3 >= capacity * 2) sentence = end;
  }
  if (sentence > 0) end = sentence;
  if (end >= g.last) return {g};
  return {Gap{g.first, end, g.start, lines[end].start}};
}

std::string gap_times(const std::vector<Gap>& gaps) {
  std::string text;
  for (const Gap& g : gaps) {
    text += (text.empty() ? "" : ", ") + format_timestamp(g.start) + "-" + format_timestamp(g.end);
  }
  return text;
}

}  // namespace ytm::pipeline
