// Feed bodies as YouTube (or anything answering in its place) may send them.
#include <cstdint>
#include <string_view>

#include "feed/atom.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  (void)ytm::feed::parse_feed(xml, "");
  (void)ytm::feed::parse_feed(xml, "UCq4tW5mV3Zb8sK1xN0pQ7rA");
  return 0;
}
