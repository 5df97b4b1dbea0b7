#pragma once
#include <string>
#include <string_view>

namespace ytm {

// Lower-case hex SHA-256; used for prompt versions, step input hashes and document hashes.
std::string sha256_hex(std::string_view data);

}  // namespace ytm
