#pragma once
// Small string helpers shared by lib/net's .cpp files.
#include <chrono>
#include <string>
#include <string_view>

#include "core/text.hpp"

namespace ytm::net::detail {

// HTTP header names and tokens compare without regard to ASCII case.
using ytm::iequals;

// "300 ms", for messages.
inline std::string ms(std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; }

}  // namespace ytm::net::detail
