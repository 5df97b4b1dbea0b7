#pragma once
// Caption files to clean segments. Every parser reads its format into cues and shares one
// clean-up (cues.hpp); errors name the format, the place and the reason.
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "core/failure.hpp"
#include "transcript/cues.hpp"
#include "transcript/types.hpp"

namespace ytm::transcript {

enum class CaptionFormat { json3, vtt, srv3, srv1, ttml, whisper_json };

const char* to_string(CaptionFormat format);

// By file extension ("json3", ".vtt", "srv3", "ttml", "xml", "srv1"); nullopt for others.
std::optional<CaptionFormat> format_from_extension(std::string_view extension);
// By looking at the content: "WEBVTT", {"events": …}, {"transcription": …}, <timedtext>, <tt>, <transcript>.
std::optional<CaptionFormat> detect_format(std::string_view content);

// The readers (one per file): content to cues, or a Failure "bad_captions" (permanent).
Outcome<CueTrack> read_json3(std::string_view content);
Outcome<CueTrack> read_vtt(std::string_view content);
// srv3, srv1 and TTML (by the root element); `format` names the file's format in errors.
Outcome<CueTrack> read_xml_captions(std::string_view content, CaptionFormat format = CaptionFormat::srv3);
Outcome<CueTrack> read_whisper_json(std::string_view content);

// Content of a known format to clean, sentence-sized segments.
Outcome<std::vector<Segment>> parse_captions(std::string_view content, CaptionFormat format);
// A caption file on disk: format from the extension, else from the content.
Outcome<std::vector<Segment>> parse_caption_file(const std::filesystem::path& file);

// A Failure "bad_captions" that says which format and where.
Failure bad_captions(CaptionFormat format, const std::string& where_and_why);

// nlohmann's message without its "[json.exception.parse_error.101] " prefix: "parse error at
// line 1, column 5: syntax error …".
std::string json_error_text(const std::exception& e);

}  // namespace ytm::transcript
