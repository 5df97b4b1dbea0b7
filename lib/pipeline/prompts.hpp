#pragma once
// The prompt files of config/prompts/, compiled in as defaults. A file of the same name in the
// user's prompts folder replaces one. A task's prompt version is the SHA-256 of the text that
// makes its prompt (the system prompt and the task's template), so a changed prompt never
// reuses a checkpoint made with the old one.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ytm::pipeline {

enum class Task { translate, translate_notes, notes, summary };
const char* to_string(Task task);

struct Prompts {
  std::map<std::string, std::string> files;   // "translate.md" → text
  std::map<std::string, std::string> origin;  // "translate.md" → "built-in" or the override's path
  nlohmann::json summary_schema;
  nlohmann::json notes_schema;

  [[nodiscard]] const std::string& text(std::string_view name) const;
  [[nodiscard]] std::string version(Task task) const;
};

// Throws std::runtime_error naming the file when an override cannot be read or a schema is not JSON.
Prompts load_prompts(const std::filesystem::path& overrides_dir);

// Replaces every {{NAME}} with vars[NAME]; unknown names are left as they are.
std::string fill(std::string_view tmpl, const std::map<std::string, std::string>& vars);

}  // namespace ytm::pipeline
