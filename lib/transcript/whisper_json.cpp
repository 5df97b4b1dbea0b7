// whisper.cpp's -oj output: {"transcription":[{"offsets":{"from":ms,"to":ms},"text":" words"}]}.
#include <nlohmann/json.hpp>

#include "transcript/parse.hpp"

namespace ytm::transcript {

Outcome<CueTrack> read_whisper_json(std::string_view content) {
  using nlohmann::json;
  json root;
  try {
    root = json::parse(content);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1e400
    return bad_captions(CaptionFormat::whisper_json, "not valid JSON: " + json_error_text(e));
  }
  if (!root.is_object() || !root.contains("transcription") || !root["transcription"].is_array())
    return bad_captions(CaptionFormat::whisper_json, "no \"transcription\" list at the top level");
  CueTrack track;
  std::size_t index = 0;
  for (const auto& item : root["transcription"]) {
    ++index;
    const auto where = "transcription item " + std::to_string(index);
    if (!item.is_object() || !item.contains("offsets") || !item["offsets"].is_object())
      return bad_captions(CaptionFormat::whisper_json, where + ": no offsets");
    const auto& offsets = item["offsets"];
    if (!offsets.contains("from") || !offsets["from"].is_number() || !offsets.contains("to") ||
        !offsets["to"].is_number())
      return bad_captions(CaptionFormat::whisper_json, where + ": offsets need numeric from and to (ms)");
    const auto text_field = item.find("text");
    if (text_field != item.end() && !text_field->is_string() && !text_field->is_null())
      return bad_captions(CaptionFormat::whisper_json,
                          where + ": \"text\" is " + text_field->type_name() + ", not a string");
    std::string text = text_field != item.end() && text_field->is_string() ? text_field->get<std::string>() : "";
    // whisper's stand-in for silence is not a marker the reader needs.
    for (auto at = text.find("[BLANK_AUDIO]"); at != std::string::npos; at = text.find("[BLANK_AUDIO]"))
      text.erase(at, 13);
    track.cues.push_back(
        {offsets["from"].get<double>() / 1000.0, offsets["to"].get<double>() / 1000.0, {plain_line(text)}});
  }
  return track;
}

}  // namespace ytm::transcript
