#pragma once
// Small string helpers shared by lib/net's .cpp files.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>
#include <string_view>

namespace ytm::net::detail {

// HTTP header names and tokens compare without regard to ASCII case.
inline bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// "300 ms", for messages.
inline std::string ms(std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; }

}  // namespace ytm::net::detail
