#include "pipeline/schema.hpp"

#include <algorithm>
#include <cmath>

namespace ytm::pipeline {
namespace {

using nlohmann::json;

std::string kind_of(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: return "number";
    case json::value_t::string: return "string";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "value";
  }
}

bool has_type(const json& v, const std::string& type) {
  if (type == "number") return v.is_number();
  if (type == "integer")
    return v.is_number_integer() || (v.is_number_float() && std::trunc(v.get<double>()) == v.get<double>());
  return kind_of(v) == type;
}

std::string where(const std::string& path) { return path.empty() ? "/" : path; }

class Validator {
 public:
  std::vector<std::string> errors;

  void check(const json& v, const json& schema, const std::string& path) {
    if (!schema.is_object()) return;
    if (!check_type(v, schema, path)) return;
    if (schema.contains("enum") && std::find(schema["enum"].begin(), schema["enum"].end(), v) == schema["enum"].end()) {
      add(path, "must be one of " + schema["enum"].dump() + ", got " + v.dump());
    }
    if (v.is_number()) check_number(v.get<double>(), schema, path);
    if (v.is_string()) check_string(v.get_ref<const std::string&>(), schema, path);
    if (v.is_array()) check_array(v, schema, path);
    if (v.is_object()) check_object(v, schema, path);
  }

 private:
  void add(const std::string& path, const std::string& message) { errors.push_back(where(path) + ": " + message); }

  bool check_type(const json& v, const json& schema, const std::string& path) {
    if (!schema.contains("type")) return true;
    const json& type = schema["type"];
    std::vector<std::string> types;
    if (type.is_string()) types.push_back(type.get<std::string>());
    if (type.is_array()) {
      for (const auto& t : type) types.push_back(t.get<std::string>());
    }
    if (std::any_of(types.begin(), types.end(), [&](const std::string& t) { return has_type(v, t); })) return true;
    std::string wanted;
    for (const auto& t : types) wanted += (wanted.empty() ? "" : " or ") + t;
    add(path, "expected " + wanted + ", got " + kind_of(v));
    return false;
  }

  void check_number(double n, const json& schema, const std::string& path) {
    if (schema.contains("minimum") && n < schema["minimum"].get<double>()) {
      add(path, "must be at least " + schema["minimum"].dump() + ", got " + json(n).dump());
    }
    if (schema.contains("maximum") && n > schema["maximum"].get<double>()) {
      add(path, "must be at most " + schema["maximum"].dump() + ", got " + json(n).dump());
    }
  }

  void check_string(const std::string& s, const json& schema, const std::string& path) {
    if (schema.contains("minLength") && s.size() < schema["minLength"].get<std::size_t>()) {
      add(path, s.empty() ? "must not be empty" : "is shorter than " + schema["minLength"].dump() + " characters");
    }
    if (schema.contains("maxLength") && s.size() > schema["maxLength"].get<std::size_t>()) {
      add(path, "is longer than " + schema["maxLength"].dump() + " characters");
    }
  }

  void check_array(const json& v, const json& schema, const std::string& path) {
    if (schema.contains("minItems") && v.size() < schema["minItems"].get<std::size_t>()) {
      add(path, "needs at least " + schema["minItems"].dump() + " items, has " + std::to_string(v.size()));
    }
    if (schema.contains("maxItems") && v.size() > schema["maxItems"].get<std::size_t>()) {
      add(path, "allows at most " + schema["maxItems"].dump() + " items, has " + std::to_string(v.size()));
    }
    if (schema.contains("items")) {
      for (std::size_t i = 0; i < v.size(); ++i) check(v[i], schema["items"], path + "/" + std::to_string(i));
    }
  }

  void check_object(const json& v, const json& schema, const std::string& path) {
    const json properties = schema.value("properties", json::object());
    for (const auto& name : schema.value("required", json::array())) {
      if (!v.contains(name.get<std::string>()))
        add(path, "missing required property \"" + name.get<std::string>() + "\"");
    }
    const bool closed = schema.contains("additionalProperties") && schema["additionalProperties"] == false;
    for (const auto& [name, member] : v.items()) {
      if (properties.contains(name)) {
        check(member, properties[name], std::string(path).append("/").append(name));
      } else if (closed) {
        add(path, "unexpected property \"" + name + "\"");
      }
    }
  }
};

}  // namespace

std::vector<std::string> validate_json(const nlohmann::json& value, const nlohmann::json& schema) {
  Validator validator;
  validator.check(value, schema, "");
  return validator.errors;
}

}  // namespace ytm::pipeline
