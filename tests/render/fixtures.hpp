#pragma once
// Stored results for the renderer tests, read from tests/fixtures/render/.
#include <string>

#include <nlohmann/json.hpp>

#include "pipeline/result.hpp"
#include "support/temp_dir.hpp"

namespace ytm::test {

inline std::string render_fixture_path(const std::string& name) {
  return std::string(YTM_TESTS_DIR) + "/fixtures/render/" + name;
}

inline pipeline::VideoResult load_result(const std::string& name) {
  return nlohmann::json::parse(read_file(render_fixture_path(name))).get<pipeline::VideoResult>();
}

}  // namespace ytm::test
