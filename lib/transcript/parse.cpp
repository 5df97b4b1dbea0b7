#include "transcript/parse.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/text.hpp"
#include "core/utf8.hpp"

namespace ytm::transcript {

const char* to_string(CaptionFormat format) {
  switch (format) {
    case CaptionFormat::json3: return "json3";
    case CaptionFormat::vtt: return "vtt";
    case CaptionFormat::srv3: return "srv3";
    case CaptionFormat::srv1: return "srv1";
    case CaptionFormat::ttml: return "ttml";
    case CaptionFormat::whisper_json: return "whisper-json";
  }
  return "unknown";
}

Failure bad_captions(CaptionFormat format, const std::string& where_and_why) {
  // A quoted piece of the file may be cut mid-character; the reason is stored and shown as JSON.
  return Failure::permanent(FailureCode::bad_captions, valid_utf8(std::string(to_string(format)) + " captions: " + where_and_why));
}

std::string json_error_text(const std::exception& e) {
  std::string_view text = e.what();
  if (text.starts_with("[json.exception.")) {
    const auto close = text.find("] ");
    if (close != std::string_view::npos) text.remove_prefix(close + 2);
  }
  return std::string(text);
}

std::optional<CaptionFormat> format_from_extension(std::string_view extension) {
  if (extension.starts_with('.')) extension.remove_prefix(1);
  if (extension == "json3") return CaptionFormat::json3;
  if (extension == "vtt") return CaptionFormat::vtt;
  if (extension == "srv3" || extension == "srv2") return CaptionFormat::srv3;
  if (extension == "srv1") return CaptionFormat::srv1;
  if (extension == "ttml" || extension == "dfxp") return CaptionFormat::ttml;
  return std::nullopt;
}

std::optional<CaptionFormat> detect_format(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  auto begin = content.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return std::nullopt;
  content.remove_prefix(begin);
  if (content.starts_with("WEBVTT")) return CaptionFormat::vtt;
  auto head = content.substr(0, 4096);
  if (content.starts_with("{")) {
    if (head.find("\"transcription\"") != std::string_view::npos) return CaptionFormat::whisper_json;
    return CaptionFormat::json3;
  }
  if (content.starts_with("<")) {
    if (head.find("<timedtext") != std::string_view::npos) return CaptionFormat::srv3;
    if (head.find("<transcript") != std::string_view::npos) return CaptionFormat::srv1;
    if (head.find("<tt") != std::string_view::npos) return CaptionFormat::ttml;
  }
  return std::nullopt;
}

namespace {

// A time no video has (1e300 s, inf, NaN) would overflow every later sum and conversion.
bool plausible_time(double seconds) { return std::abs(seconds) <= 1e7; }  // 115 days

std::optional<Failure> check_times(CueTrack& track, CaptionFormat format) {
  for (std::size_t i = 0; i < track.cues.size(); ++i) {
    auto& cue = track.cues[i];
    if (!plausible_time(cue.start) || !plausible_time(cue.end)) {
      return bad_captions(format, "cue " + std::to_string(i + 1) + " of " + std::to_string(track.cues.size()) +
                                      ": its time (" + std::to_string(cue.start) + " to " + std::to_string(cue.end) +
                                      " s) is not a time in a video");
    }
    for (auto& line : cue.lines)
      for (auto& word : line.words)
        if (!plausible_time(word.start)) word.start = -1;
  }
  return std::nullopt;
}

}  // namespace

Outcome<std::vector<Segment>> parse_captions(std::string_view content_in, CaptionFormat format) {
  // Bytes that are not UTF-8 (a Latin-1 track, a cut file, whisper.cpp splitting a character)
  // become U+FFFD here, so no text from a caption can break the JSON it is stored in.
  std::string repaired;
  const std::string_view content = valid_utf8_view(content_in, repaired);
  auto cues = [&]() -> Outcome<CueTrack> {
    switch (format) {
      case CaptionFormat::json3: return read_json3(content);
      case CaptionFormat::vtt: return read_vtt(content);
      case CaptionFormat::whisper_json: return read_whisper_json(content);
      case CaptionFormat::srv3:
      case CaptionFormat::srv1:
      case CaptionFormat::ttml: return read_xml_captions(content, format);
    }
    return bad_captions(format, "unsupported format");
  }();
  if (!cues) return cues.failure();
  if (auto failure = check_times(*cues, format)) return *failure;
  auto segments = clean_cues(std::move(*cues));
  // pugixml writes "&#xD800;" as the bytes of a surrogate; those go here.
  for (auto& segment : segments) make_valid_utf8(segment.text);
  return segments;
}

Outcome<std::vector<Segment>> parse_caption_file(const std::filesystem::path& file) {
  auto read = read_file(file);
  if (!read) return Failure::permanent(FailureCode::bad_captions, "cannot read " + file.string());
  const std::string content = std::move(*read);
  auto format = format_from_extension(file.extension().string());
  if (!format) format = detect_format(content);
  if (!format) {
    return Failure::permanent(FailureCode::bad_captions, file.string() +
                                                  ": not a caption file this program reads (json3, vtt, srv3, srv1, "
                                                  "ttml or whisper.cpp JSON)");
  }
  auto segments = parse_captions(content, *format);
  if (!segments) {
    auto failure = segments.failure();
    failure.message = file.string() + ": " + failure.message;
    return failure;
  }
  return segments;
}

}  // namespace ytm::transcript
