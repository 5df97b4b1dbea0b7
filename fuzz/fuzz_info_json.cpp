// yt-dlp's info JSON.
#include <cstdint>
#include <string_view>

#include "transcript/metadata.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)ytm::transcript::parse_info_json(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
