// Channel and watch pages, read to resolve an @handle or URL to a channel id.
#include <cstdint>
#include <string_view>

#include "feed/channel_page.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)ytm::feed::parse_channel_page(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
