#pragma once
#include "support/temp_dir.hpp"

#include <string>

namespace ytm::test {

inline std::string feed_fixture(const std::string& name) {
  return read_file(std::string(YTM_TESTS_DIR) + "/fixtures/feeds/" + name);
}

}  // namespace ytm::test
