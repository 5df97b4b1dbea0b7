// Caption files as yt-dlp or whisper.cpp leave them, through the whole clean-up to segments.
#include <cstdint>
#include <string_view>

#include "transcript/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  (void)ytm::transcript::parse_captions(content, ytm::transcript::CaptionFormat::whisper_json);
  return 0;
}
