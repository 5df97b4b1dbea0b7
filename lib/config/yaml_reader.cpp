#include "config/yaml_reader.hpp"

#include <yaml-cpp/depthguard.h>

#include <cmath>
#include <ios>
#include <set>
#include <sstream>
#include <system_error>

#include "config/title_pattern.hpp"
#include "core/duration.hpp"
#include "core/text.hpp"

namespace ytm::config {
namespace {

std::string hint(std::string_view key, const std::vector<std::string_view>& known) {
  auto best = closest_word(key, known);
  return best.empty() ? std::string() : " (did you mean '" + std::string(best) + "'?)";
}

constexpr std::chrono::milliseconds max_setting_duration = std::chrono::hours(24 * 365);

std::string number_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

std::string ConfigError::to_string() const {
  return file.string() + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

YAML::Node YamlReader::parse() {
  if (file_.native().find('\0') != std::string::npos) {  // the system would read a shorter name
    errors_.push_back({file_, 0, 0, "the file name contains a NUL character (\\0)"});
    return YAML::Node(YAML::NodeType::Null);
  }
  std::error_code ec;
  if (std::filesystem::is_directory(file_, ec)) {
    errors_.push_back({file_, 0, 0, "this is a folder: name the YAML file in it"});
    return YAML::Node(YAML::NodeType::Null);
  }
  try {
    return YAML::LoadFile(file_.string());
  } catch (const std::ios_base::failure& e) {  // a read that fails after the open (EIO, EISDIR)
    errors_.push_back({file_, 0, 0, std::string("cannot read the file: ") + e.what()});
  } catch (const YAML::BadFile&) {
    errors_.push_back({file_, 0, 0, "cannot read the file (missing, or not readable by this user)"});
  } catch (const YAML::DeepRecursion& e) {  // yaml-cpp's message for it is "bad file"
    error(e.mark, "YAML syntax error: nested more than 2000 levels deep");
  } catch (const YAML::Exception& e) {
    error(e.mark, "YAML syntax error: " + e.msg);
  }
  return YAML::Node(YAML::NodeType::Null);
}

void YamlReader::error(const YAML::Mark& mark, std::string message) {
  bool known = !mark.is_null();
  errors_.push_back({file_, known ? mark.line + 1 : 0, known ? mark.column + 1 : 0, std::move(message)});
}

bool YamlReader::expect_map(const YAML::Node& node, std::string_view where) {
  if (!node.IsDefined() || node.IsNull()) return false;
  if (node.IsMap()) return true;
  error(node, std::string(where) + " must be a mapping of key: value");
  return false;
}

void YamlReader::check_keys(const YAML::Node& map, const std::vector<std::string_view>& known, std::string_view where) {
  if (!map.IsMap()) return;
  std::set<std::string> seen;
  for (const auto& item : map) {
    if (!item.first.IsScalar()) {
      error(item.first, "keys in " + std::string(where) + " must be plain words");
      continue;
    }
    auto key = item.first.Scalar();
    if (!seen.insert(key).second) error(item.first, "'" + key + "' appears twice in " + std::string(where));
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      error(item.first, "unknown key '" + key + "' in " + std::string(where) + hint(key, known));
    }
  }
}

bool YamlReader::scalar(const YAML::Node& node, const char* key) {
  if (node.IsScalar()) return true;
  error(node, std::string("'") + key + "' must be a single value, not a " + (node.IsMap() ? "mapping" : "list"));
  return false;
}

void YamlReader::read(const YAML::Node& map, const char* key, std::string& out) {
  auto node = map[key];
  if (!node.IsDefined() || node.IsNull() || !scalar(node, key)) return;
  out = node.Scalar();
}

void YamlReader::read(const YAML::Node& map, const char* key, bool& out) {
  auto node = map[key];
  if (!node.IsDefined() || node.IsNull() || !scalar(node, key)) return;
  if (!YAML::convert<bool>::decode(node, out)) {
    error(node, std::string("'") + key + "' must be true or false, not '" + node.Scalar() + "'");
  }
}

void YamlReader::read(const YAML::Node& map, const char* key, int& out, int min, int max) {
  auto node = map[key];
  if (!node.IsDefined() || node.IsNull() || !scalar(node, key)) return;
  int value = 0;
  if (!YAML::convert<int>::decode(node, value)) {
    error(node, std::string("'") + key + "' must be a whole number, not '" + node.Scalar() + "'");
  } else if (value < min || value > max) {
    error(node, std::string("'") + key + "' must be between " + std::to_string(min) + " and " + std::to_string(max));
  } else {
    out = value;
  }
}

void YamlReader::read(const YAML::Node& map, const char* key, double& out, double min, double max) {
  auto node = map[key];
  if (!node.IsDefined() || node.IsNull() || !scalar(node, key)) return;
  double value = 0;
  // YAML reads .nan and .inf as numbers; neither is a setting (a NaN jitter polls without pause).
  if (!YAML::convert<double>::decode(node, value) || !std::isfinite(value)) {
    error(node, std::string("'") + key + "' must be a number from " + number_text(min) + " to " + number_text(max) +
                    ", not '" + node.Scalar() + "'");
  } else if (value < min || value > max) {
    error(node, std::string("'") + key + "' must be between " + number_text(min) + " and " + number_text(max) +
                    ", not " + node.Scalar());
  } else {
    out = value;
  }
}

void YamlReader::read(const YAML::Node& map, const char* key, std::size_t& out) {
  int value = static_cast<int>(out);
  read(map, key, value, 1, 1 << 30);
  out = static_cast<std::size_t>(value);
}

void YamlReader::read(const YAML::Node& map, const char* key, std::chrono::milliseconds& out,
                      std::chrono::milliseconds min) {
  auto node = map[key];
  if (!node.IsDefined() || node.IsNull() || !scalar(node, key)) return;
  auto value = parse_duration(node.Scalar());
  if (!value) {
    error(node,
          std::string("'") + key + "' must be a duration like 90s, 15m, 2h or 1h30m, not '" + node.Scalar() + "'");
  } else if (*value < min) {
    error(node, std::string("'") + key + "' must be at least " + format_duration(min));
  } else if (*value > max_setting_duration) {
    // Timers and deadlines add durations to clocks: a century would overflow them.
    error(node, std::string("'") + key + "' must be at most " + format_duration(max_setting_duration));
  } else {
    out = *value;
  }
}

void YamlReader::read(const YAML::Node& map, const char* key, std::chrono::seconds& out) {
  std::chrono::milliseconds value = out;
  read(map, key, value, std::chrono::milliseconds(0));
  out = std::chrono::duration_cast<std::chrono::seconds>(value);
}

void YamlReader::read(const YAML::Node& map, const char* key, std::vector<std::string>& out) {
  auto node = map[key];
  if (!node.IsDefined() || node.IsNull()) return;
  if (!node.IsSequence()) {
    error(node, std::string("'") + key + "' must be a list, like [a, b]");
    return;
  }
  out.clear();
  for (const auto& item : node) {
    if (item.IsScalar()) {
      out.push_back(item.Scalar());
    } else {
      error(item, std::string("items of '") + key + "' must be single values");
    }
  }
}

void YamlReader::read_regex(const YAML::Node& map, const char* key, std::string& out) {
  std::string value = out;
  read(map, key, value);
  if (value == out) return;
  if (auto problem = TitlePattern::problem(value); !problem.empty()) {
    error(map[key], std::string("'") + key + "' is not a valid regular expression (RE2 syntax): " + problem);
    return;
  }
  out = value;
}

}  // namespace ytm::config
