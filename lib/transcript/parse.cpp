#include "transcript/parse.hpp"

#include <fstream>
#include <sstream>

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
  return Failure::permanent("bad_captions", std::string(to_string(format)) + " captions: " + where_and_why);
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

Outcome<std::vector<Segment>> parse_captions(std::string_view content, CaptionFormat format) {
  auto cues = [&]() -> Outcome<CueTrack> {
    switch (format) {
      case CaptionFormat::json3: return read_json3(content);
      case CaptionFormat::vtt: return read_vtt(content);
      case CaptionFormat::whisper_json: return read_whisper_json(content);
      case CaptionFormat::srv3:
      case CaptionFormat::srv1:
      case CaptionFormat::ttml: return read_xml_captions(content);
    }
    return bad_captions(format, "unsupported format");
  }();
  if (!cues) return cues.failure();
  return clean_cues(std::move(*cues));
}

Outcome<std::vector<Segment>> parse_caption_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Failure::permanent("bad_captions", "cannot read " + file.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto content = buffer.str();
  auto format = format_from_extension(file.extension().string());
  if (!format) format = detect_format(content);
  if (!format) {
    return Failure::permanent("bad_captions", file.string() +
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
