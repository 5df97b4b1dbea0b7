#include "config/loader.hpp"

#include "config/model_costs.hpp"
#include "config/profiles.hpp"
#include "config/yaml_reader.hpp"

namespace ytm::config {
namespace {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

std::filesystem::path relative_to(const std::filesystem::path& base, const std::string& value) {
  std::filesystem::path p(value);
  return p.is_absolute() ? p : (base / p).lexically_normal();
}

void read_youtube(YamlReader& r, const YAML::Node& n, YoutubeSettings& y) {
  if (!r.expect_map(n, "youtube")) return;
  r.check_keys(n,
               {"base_url", "poll_interval", "jitter", "max_concurrent_fetches", "request_timeout", "max_feed_bytes",
                "proxy", "user_agent"},
               "youtube");
  r.read(n, "base_url", y.base_url);
  if (y.base_url.rfind("http://", 0) != 0 && y.base_url.rfind("https://", 0) != 0) {
    r.error(n["base_url"], "'base_url' must start with https:// or http://");
  }
  while (!y.base_url.empty() && y.base_url.back() == '/') y.base_url.pop_back();
  r.read(n, "poll_interval", y.poll_interval, 1s);
  r.read(n, "jitter", y.jitter, 0.0, 0.9);
  r.read(n, "max_concurrent_fetches", y.max_concurrent_fetches, 1, 256);
  r.read(n, "request_timeout", y.request_timeout, 100ms);
  r.read(n, "max_feed_bytes", y.max_feed_bytes);
  r.read(n, "proxy", y.proxy);
  r.read(n, "user_agent", y.user_agent);
}

void read_js_runtime(YamlReader& r, const YAML::Node& n, TranscriptSettings& t) {
  r.read(n, "js_runtime", t.js_runtime);
  const std::string name = t.js_runtime.substr(0, t.js_runtime.find(':'));
  const bool known = name == "deno" || name == "node" || name == "bun" || name == "quickjs";
  const bool has_path = t.js_runtime.find(':') != std::string::npos;
  if (t.js_runtime == "auto" || t.js_runtime == "none" ||
      (known && (!has_path || t.js_runtime.size() > name.size() + 1))) {
    return;
  }
  r.error(n["js_runtime"],
          "'js_runtime' must be auto, none, deno, node, bun, quickjs or NAME:PATH (node:/usr/bin/node), not '" +
              t.js_runtime + "'");
}

void read_transcript(YamlReader& r, const YAML::Node& n, TranscriptSettings& t, const std::filesystem::path& base) {
  if (!r.expect_map(n, "transcript")) return;
  r.check_keys(n,
               {"command", "extra_args", "cookies_file", "languages", "timeout", "min_interval", "js_runtime", "update",
                "whisper"},
               "transcript");
  r.read(n, "command", t.command);
  r.read(n, "extra_args", t.extra_args);
  r.read(n, "cookies_file", t.cookies_file);
  if (!t.cookies_file.empty()) t.cookies_file = relative_to(base, t.cookies_file).string();
  r.read(n, "languages", t.languages);
  r.read(n, "timeout", t.timeout, 1s);
  r.read(n, "min_interval", t.min_interval, 0ms);
  read_js_runtime(r, n, t);
  r.read(n, "update", t.update);
  if (t.update != "auto" && t.update != "off")
    r.error(n["update"], "'update' must be auto or off, not '" + t.update + "'");
  auto w = n["whisper"];
  if (!r.expect_map(w, "transcript.whisper")) return;
  r.check_keys(w, {"command", "model", "ffmpeg", "timeout"}, "transcript.whisper");
  r.read(w, "command", t.whisper.command);
  r.read(w, "model", t.whisper.model);
  r.read(w, "ffmpeg", t.whisper.ffmpeg);
  r.read(w, "timeout", t.whisper.timeout, 1s);
  if (!t.whisper.model.empty()) t.whisper.model = relative_to(base, t.whisper.model).string();
  if (t.whisper.command.empty() != t.whisper.model.empty()) {
    r.error(w, "whisper needs both 'command' and 'model' (or neither, to turn the fallback off)");
  }
}

void read_model(YamlReader& r, const YAML::Node& n, ModelSettings& m) {
  if (!r.expect_map(n, "model")) return;
  r.check_keys(n,
               {"backend", "command", "base_url", "api_key_env", "name", "max_concurrent_requests", "max_chunk_tokens",
                "max_output_tokens", "timeout", "max_attempts", "daily_budget_usd", "batch", "batch_max_wait", "prices"},
               "model");
  std::string backend = to_string(m.backend);
  r.read(n, "backend", backend);
  if (backend == "claude-cli") {
    m.backend = ModelBackend::claude_cli;
  } else if (backend == "anthropic") {
    m.backend = ModelBackend::anthropic;
  } else if (backend == "openai") {
    m.backend = ModelBackend::openai;
  } else {
    r.error(n["backend"], "'backend' must be claude-cli, anthropic or openai, not '" + backend + "'");
  }
  r.read(n, "command", m.command);
  r.read(n, "base_url", m.base_url);
  r.read(n, "api_key_env", m.api_key_env);
  r.read(n, "name", m.name);
  r.read(n, "max_concurrent_requests", m.max_concurrent_requests, 1, 64);
  r.read(n, "max_chunk_tokens", m.max_chunk_tokens, 500, 200000);
  r.read(n, "max_output_tokens", m.max_output_tokens, 256, 200000);
  r.read(n, "timeout", m.timeout, 1s);
  r.read(n, "max_attempts", m.max_attempts, 1, 20);
  r.read(n, "daily_budget_usd", m.daily_budget_usd, 0.0, 1e6);
  read_model_costs(r, n, m);
  if (m.backend == ModelBackend::openai && m.base_url.empty()) {
    r.error(n, "the openai backend needs 'base_url' (for Ollama: http://127.0.0.1:11434)");
  }
}

void read_output(YamlReader& r, const YAML::Node& n, OutputSettings& o) {
  if (!r.expect_map(n, "output")) return;
  r.check_keys(
      n, {"language", "filename", "front_matter", "index", "paragraph_times", "feed_items", "digest", "wikilinks"},
      "output");
  r.read(n, "language", o.language);
  r.read(n, "filename", o.filename);
  r.read(n, "front_matter", o.front_matter);
  r.read(n, "paragraph_times", o.paragraph_times);
  r.read(n, "index", o.index);
  r.read(n, "feed_items", o.feed_items, 0, 10000);
  r.read(n, "wikilinks", o.wikilinks);
  std::string digest = o.digest == Digest::daily ? "daily" : o.digest == Digest::weekly ? "weekly" : "off";
  r.read(n, "digest", digest);
  if (digest == "daily") {
    o.digest = Digest::daily;
  } else if (digest == "weekly") {
    o.digest = Digest::weekly;
  } else if (digest == "off") {
    o.digest = Digest::off;
  } else {
    r.error(n["digest"], "'digest' must be daily, weekly or off, not '" + digest + "'");
  }
  if (o.filename.find("{id}") == std::string::npos && o.filename.find("{title}") == std::string::npos) {
    r.error(n["filename"], "'filename' must contain {title} or {id}, or every video would get the same name");
  }
}

// The URLs hold secrets: an error names the entry by its position, never by its text.
void check_notify_urls(YamlReader& r, const YAML::Node& notify, const NotifySettings& n) {
  auto& url = n.webhook_url;
  if (!url.empty() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    r.error(notify["webhook_url"], "'webhook_url' must start with https:// or http://");
  }
  for (std::size_t i = 0; i < n.apprise.size(); ++i) {
    auto scheme_end = n.apprise[i].find("://");
    if (scheme_end == std::string::npos || scheme_end == 0) {
      r.error(notify["apprise"][i], "entry " + std::to_string(i + 1) +
                                        " of 'apprise' is not an Apprise URL (scheme://…, e.g. ntfys://topic)");
    }
  }
  if (!n.apprise.empty() && n.apprise_command.empty()) {
    r.error(notify["apprise_command"], "'apprise_command' must name the apprise program");
  }
}

void read_small_sections(YamlReader& r, const YAML::Node& root, Config& c) {
  auto status = root["status"];
  if (r.expect_map(status, "status")) {
    r.check_keys(status, {"listen"}, "status");
    r.read(status, "listen", c.status.listen);
  }
  auto notify = root["notify"];
  if (r.expect_map(notify, "notify")) {
    r.check_keys(notify, {"webhook_url", "apprise", "apprise_command"}, "notify");
    r.read(notify, "webhook_url", c.notify.webhook_url);
    r.read(notify, "apprise", c.notify.apprise);
    r.read(notify, "apprise_command", c.notify.apprise_command);
    check_notify_urls(r, notify, c.notify);
  }
}

void read_sponsorblock(YamlReader& r, const YAML::Node& n, SponsorblockSettings& s) {
  if (!r.expect_map(n, "sponsorblock")) return;
  r.check_keys(n, {"base_url", "timeout", "categories", "action"}, "sponsorblock");
  r.read(n, "base_url", s.base_url);
  if (s.base_url.rfind("http://", 0) != 0 && s.base_url.rfind("https://", 0) != 0) {
    r.error(n["base_url"], "'base_url' must start with https:// or http://");
  }
  while (!s.base_url.empty() && s.base_url.back() == '/') s.base_url.pop_back();
  r.read(n, "timeout", s.timeout, 100ms);
  std::optional<std::vector<std::string>> categories;
  std::optional<SponsorAction> action;
  read_sponsor_keys(r, n, categories, action);
  if (categories) s.categories = *categories;
  if (action) s.action = *action;
}

void read_top_level(YamlReader& r, const YAML::Node& root, Config& c, const std::filesystem::path& base) {
  r.check_keys(root,
               {"state_dir", "output_dir", "subscriptions_file", "log_level", "workers", "lease", "max_attempts",
                "youtube", "transcript", "model", "output", "status", "notify", "sponsorblock", "profiles"},
               "the configuration");
  std::string state_dir = c.state_dir.string();
  std::string output_dir;
  std::string subscriptions = "subscriptions.yaml";
  r.read(root, "state_dir", state_dir);
  r.read(root, "output_dir", output_dir);
  r.read(root, "subscriptions_file", subscriptions);
  c.state_dir = relative_to(base, state_dir);
  c.output_dir = output_dir.empty() ? c.state_dir / "documents" : relative_to(base, output_dir);
  c.subscriptions_file = relative_to(base, subscriptions);
  r.read(root, "log_level", c.log_level);
  if (c.log_level != "trace" && c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
      c.log_level != "error") {
    r.error(root["log_level"], "'log_level' must be one of trace, debug, info, warn, error");
  }
  r.read(root, "workers", c.workers, 1, 64);
  r.read(root, "lease", c.lease, 10s);
  r.read(root, "max_attempts", c.max_attempts, 1, 100);
}

}  // namespace

Loaded load(const std::filesystem::path& config_file) {
  Loaded out;
  Config& c = out.config;
  c.file = config_file;
  auto base = std::filesystem::absolute(config_file).parent_path();
  c.prompts_dir = base / "prompts";
  YamlReader r(config_file, out.errors);
  YAML::Node root = r.parse();
  if (!out.errors.empty()) return out;
  if (!root.IsMap()) {
    if (!root.IsNull()) r.error(root, "the configuration must be a mapping of key: value");
    c.subscriptions_file = base / "subscriptions.yaml";
    c.output_dir = c.state_dir / "documents";
  } else {
    read_top_level(r, root, c, base);
    read_youtube(r, root["youtube"], c.youtube);
    read_transcript(r, root["transcript"], c.transcript, base);
    read_model(r, root["model"], c.model);
    read_output(r, root["output"], c.output);
    read_small_sections(r, root, c);
    read_sponsorblock(r, root["sponsorblock"], c.sponsorblock);
  }
  c.transcript.cookie_jar = cookie_jar_in(c.state_dir);
  SubscriptionContext context;
  context.whisper_configured = !c.transcript.whisper.command.empty();
  if (root.IsMap()) context.profiles = read_profiles(r, root["profiles"], context);
  out.subscriptions = load_subscriptions(c.subscriptions_file, out.errors, context);
  return out;
}

}  // namespace ytm::config
