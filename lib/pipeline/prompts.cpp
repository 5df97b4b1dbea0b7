#include "pipeline/prompts.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/embedded.hpp"
#include "core/hash.hpp"
#include "core/text.hpp"

namespace ytm::pipeline {

const char* to_string(Task task) {
  switch (task) {
    case Task::translate: return "translate";
    case Task::translate_notes: return "translate_notes";
    case Task::notes: return "notes";
    case Task::summary: return "summary";
  }
  return "unknown";
}

const std::string& Prompts::text(std::string_view name) const {
  const auto it = files.find(std::string(name));
  if (it == files.end()) throw std::logic_error("no prompt file " + std::string(name));
  return it->second;
}

std::string Prompts::version(Task task) const {
  std::string material = text("system.md") + '\0' + text(std::string(to_string(task)) + ".md");
  if (task == Task::summary) material += '\0' + summary_schema.dump();
  if (task == Task::notes || task == Task::translate_notes) material += '\0' + notes_schema.dump();
  return sha256_hex(material);
}

namespace {

std::string read_prompt_file(const std::filesystem::path& path) {
  auto text = read_file(path);
  if (!text) throw std::runtime_error("cannot read prompt file " + path.string());
  return std::move(*text);
}

nlohmann::json parse_schema(const Prompts& prompts, const std::string& name) {
  try {
    return nlohmann::json::parse(prompts.text(name));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("prompt file " + prompts.origin.at(name) + " (" + name +
                             ") is not valid JSON: " + e.what());
  }
}

}  // namespace

Prompts load_prompts(const std::filesystem::path& overrides_dir) {
  Prompts prompts;
  for (const EmbeddedFile& file : embedded_prompts()) {
    const std::string name(file.name);
    const auto override_file = overrides_dir.empty() ? std::filesystem::path() : overrides_dir / name;
    std::error_code ec;
    if (!override_file.empty() && std::filesystem::is_regular_file(override_file, ec)) {
      prompts.files[name] = read_prompt_file(override_file);
      prompts.origin[name] = override_file.string();
    } else {
      prompts.files[name] = std::string(file.content);
      prompts.origin[name] = "built-in";
    }
  }
  for (const char* required : {"system.md", "translate.md", "translate_notes.md", "notes.md", "summary.md", "repair.md",
                               "summary.schema.json", "notes.schema.json"}) {
    if (!prompts.files.contains(required)) throw std::logic_error(std::string("prompt missing: ") + required);
  }
  prompts.summary_schema = parse_schema(prompts, "summary.schema.json");
  prompts.notes_schema = parse_schema(prompts, "notes.schema.json");
  return prompts;
}

std::string fill(std::string_view tmpl, const std::map<std::string, std::string>& vars) {
  std::string out;
  out.reserve(tmpl.size());
  std::size_t pos = 0;
  while (pos < tmpl.size()) {
    const std::size_t open = tmpl.find("{{", pos);
    if (open == std::string_view::npos) break;
    const std::size_t close = tmpl.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(tmpl.substr(pos, open - pos));
    const auto it = vars.find(std::string(tmpl.substr(open + 2, close - open - 2)));
    if (it != vars.end()) {
      out += it->second;
    } else {
      out.append(tmpl.substr(open, close + 2 - open));
    }
    pos = close + 2;
  }
  out.append(tmpl.substr(pos));
  return out;
}

}  // namespace ytm::pipeline
