#pragma once
// Reads typed values out of yaml-cpp nodes and records every problem with its position.
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "config/loader.hpp"

namespace ytm::config {

class YamlReader {
 public:
  YamlReader(std::filesystem::path file, std::vector<ConfigError>& errors) : file_(std::move(file)), errors_(errors) {}

  // Parses the whole file; on a syntax error records it and returns a null node.
  YAML::Node parse();

  void error(const YAML::Mark& mark, std::string message);
  void error(const YAML::Node& node, std::string message) {
    error(node.IsDefined() ? node.Mark() : YAML::Mark::null_mark(), std::move(message));
  }

  // Reports keys of map that are not in known (with the closest known key as a hint).
  void check_keys(const YAML::Node& map, const std::vector<std::string_view>& known, std::string_view where);
  bool expect_map(const YAML::Node& node, std::string_view where);

  void read(const YAML::Node& map, const char* key, std::string& out);
  void read(const YAML::Node& map, const char* key, bool& out);
  void read(const YAML::Node& map, const char* key, int& out, int min, int max);
  void read(const YAML::Node& map, const char* key, double& out, double min, double max);
  void read(const YAML::Node& map, const char* key, std::size_t& out);
  void read(const YAML::Node& map, const char* key, std::chrono::milliseconds& out, std::chrono::milliseconds min);
  void read(const YAML::Node& map, const char* key, std::chrono::seconds& out);
  void read(const YAML::Node& map, const char* key, std::vector<std::string>& out);
  void read_regex(const YAML::Node& map, const char* key, std::string& out);

  [[nodiscard]] const std::filesystem::path& file() const { return file_; }
  [[nodiscard]] std::size_t error_count() const { return errors_.size(); }
  [[nodiscard]] std::vector<ConfigError>& errors() const { return errors_; }

 private:
  bool scalar(const YAML::Node& node, const char* key);

  std::filesystem::path file_;
  std::vector<ConfigError>& errors_;
};

}  // namespace ytm::config
