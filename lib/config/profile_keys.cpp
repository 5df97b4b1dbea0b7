#include <algorithm>

#include "config/channel_settings.hpp"
#include "config/profiles.hpp"
#include "core/text.hpp"

namespace ytm::config {
namespace {

std::filesystem::path beside(const YamlReader& r, const std::string& value) {
  std::filesystem::path p(value);
  return p.is_absolute() ? p : (std::filesystem::absolute(r.file()).parent_path() / p).lexically_normal();
}

// A value read only when the key is there and valid, so a profile's value stays otherwise.
template <class T, class... Limits>
void read_optional(YamlReader& r, const YAML::Node& map, const char* key, std::optional<T>& out, Limits... limits) {
  auto node = map[key];
  if (!node.IsDefined() || node.IsNull()) return;
  T value{};
  const auto before = r.error_count();
  r.read(map, key, value, limits...);
  if (r.error_count() == before) out = value;
}

std::string listed(const std::vector<std::string_view>& names) {
  std::string out;
  for (auto name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

// Every item of a list must be one of known; an unknown one is named with the closest known one.
bool check_names(YamlReader& r, const YAML::Node& list, const std::vector<std::string_view>& known, const char* key) {
  if (!list.IsSequence()) return false;
  bool ok = true;
  for (const auto& item : list) {
    if (!item.IsScalar()) continue;
    const auto& name = item.Scalar();
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    auto best = closest_word(name, known);
    r.error(item, "'" + name + "' is not one of the " + key + " (" + listed(known) + ")" +
                      (best.empty() ? std::string() : "; did you mean '" + std::string(best) + "'?"));
    ok = false;
  }
  return ok;
}

std::string read_text_file(YamlReader& r, const YAML::Node& node, const std::filesystem::path& path) {
  auto text = read_file(path);
  if (!text || trim(*text).empty()) {
    r.error(node, "cannot read " + path.string() + (text ? ": the file is empty" : ": missing or not readable"));
    return "";
  }
  return *text;
}

void read_instructions(YamlReader& r, const YAML::Node& n, Channel& c) {
  if (n["instructions"].IsDefined() && n["instructions_file"].IsDefined()) {
    r.error(n["instructions_file"], "give 'instructions' (the text) or 'instructions_file', not both");
    return;
  }
  r.read(n, "instructions", c.instructions);
  std::string file;
  r.read(n, "instructions_file", file);
  if (!file.empty()) c.instructions = read_text_file(r, n["instructions_file"], beside(r, file));
}

// term: rendering pairs, from an inline mapping or a YAML file of them (errors placed in that file).
void read_glossary_map(YamlReader& r, const YAML::Node& map, Channel& c) {
  if (!r.expect_map(map, "a glossary")) return;
  c.glossary.clear();
  for (const auto& item : map) {
    if (!item.first.IsScalar() || !item.second.IsScalar() || item.second.Scalar().empty()) {
      r.error(item.first, "each glossary entry must be 'term: rendering', both plain text");
      continue;
    }
    c.glossary.emplace_back(item.first.Scalar(), item.second.Scalar());
  }
}

void read_glossary(YamlReader& r, const YAML::Node& n, Channel& c) {
  if (n["glossary"].IsDefined()) read_glossary_map(r, n["glossary"], c);
  std::string file;
  r.read(n, "glossary_file", file);
  if (file.empty()) return;
  const auto path = beside(r, file);
  YamlReader in_file(path, r.errors());
  const auto before = r.error_count();
  auto root = in_file.parse();
  if (r.error_count() != before) return;
  if (root.IsNull()) return in_file.error(root, "the glossary is empty; write one 'term: rendering' a line");
  read_glossary_map(in_file, root, c);
}

// A speaker is labelled with one of these names: each must read as a person's name on one line.
constexpr std::size_t max_host_bytes = 80;

void read_hosts(YamlReader& r, const YAML::Node& n, Channel& c) {
  if (!n["hosts"].IsDefined() || n["hosts"].IsNull()) return;
  std::vector<std::string> hosts;
  const auto before = r.error_count();
  r.read(n, "hosts", hosts);
  if (r.error_count() != before) return;
  std::size_t i = 0;
  for (const auto& item : n["hosts"]) {
    const auto name = trim(hosts[i++]);
    if (name.empty() || name.size() > max_host_bytes || name.find('\n') != std::string_view::npos) {
      r.error(item, "each of 'hosts' must be a name on one line, up to " + std::to_string(max_host_bytes) +
                        " bytes, like [Sarah Guo, Elad Gil]");
    }
  }
  if (r.error_count() == before) c.hosts = hosts;
}

void read_model_override(YamlReader& r, const YAML::Node& n, ModelOverride& m) {
  if (!r.expect_map(n, "model")) return;
  r.check_keys(
      n,
      {"backend", "command", "base_url", "api_key_env", "name", "max_chunk_tokens", "max_output_tokens", "timeout",
       "batch", "batch_max_wait"},
      "a channel's model");
  if (n["backend"].IsDefined()) {
    std::string backend;
    r.read(n, "backend", backend);
    if (backend == "claude-cli")
      m.backend = ModelBackend::claude_cli;
    else if (backend == "anthropic")
      m.backend = ModelBackend::anthropic;
    else if (backend == "openai")
      m.backend = ModelBackend::openai;
    else
      r.error(n["backend"], "'backend' must be claude-cli, anthropic or openai, not '" + backend + "'");
  }
  read_optional(r, n, "command", m.command);
  read_optional(r, n, "base_url", m.base_url);
  read_optional(r, n, "api_key_env", m.api_key_env);
  read_optional(r, n, "name", m.name);
  read_optional(r, n, "max_chunk_tokens", m.max_chunk_tokens, 500, 200000);
  read_optional(r, n, "max_output_tokens", m.max_output_tokens, 256, 200000);
  read_optional(r, n, "timeout", m.timeout, std::chrono::milliseconds(1000));
  read_optional(r, n, "batch_max_wait", m.batch_max_wait, std::chrono::milliseconds(1000));
  if (n["batch"].IsDefined()) {
    std::string batch;
    r.read(n, "batch", batch);
    if (batch != "auto" && batch != "off") {
      r.error(n["batch"], "'batch' must be auto or off, not '" + batch + "'");
    } else if (batch == "auto" && m.backend == ModelBackend::claude_cli) {
      r.error(n["batch"], "the claude-cli backend has no batches: 'batch' must be off");
    } else {
      m.batch = batch == "auto";
    }
  }
}

}  // namespace

std::vector<std::string_view> profile_keys() {
  return {"caption_languages", "instructions", "instructions_file", "glossary", "glossary_file",
          "sections",          "hosts",        "model",             "sponsorblock", "whisper"};
}

void read_sponsor_keys(YamlReader& r, const YAML::Node& n, std::optional<std::vector<std::string>>& categories,
                       std::optional<SponsorAction>& action) {
  if (n["categories"].IsDefined() && check_names(r, n["categories"], sponsor_category_names(), "categories")) {
    std::vector<std::string> list;
    r.read(n, "categories", list);
    categories = list;
  }
  if (!n["action"].IsDefined()) return;
  std::string text;
  r.read(n, "action", text);
  if (text == "skip")
    action = SponsorAction::skip;
  else if (text == "mark")
    action = SponsorAction::mark;
  else
    r.error(n["action"], "'action' must be skip (left out of the model's work) or mark, not '" + text + "'");
}

void read_profile_keys(YamlReader& r, const YAML::Node& n, Channel& c, const SubscriptionContext& context) {
  r.read(n, "caption_languages", c.caption_languages);
  read_instructions(r, n, c);
  read_glossary(r, n, c);
  if (n["sections"].IsDefined() && check_names(r, n["sections"], section_names(), "sections")) {
    r.read(n, "sections", c.sections);
  }
  read_hosts(r, n, c);
  if (n["model"].IsDefined()) read_model_override(r, n["model"], c.model);
  auto sponsor = n["sponsorblock"];
  if (r.expect_map(sponsor, "sponsorblock")) {
    r.check_keys(sponsor, {"categories", "action"}, "a channel's sponsorblock");
    read_sponsor_keys(r, sponsor, c.sponsor_categories, c.sponsor_action);
  }
  read_optional(r, n, "whisper", c.whisper);
  if (c.whisper && *c.whisper && !context.whisper_configured && n["whisper"].IsDefined()) {
    r.error(n["whisper"], "'whisper: true' needs transcript.whisper (command and model) in config.yaml");
  }
}

}  // namespace ytm::config
