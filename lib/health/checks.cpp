#include "health/checks.hpp"

#include <nlohmann/json.hpp>

#include "core/blocking.hpp"
#include "core/fault.hpp"

namespace ytm::health {

const char* to_string(Stage stage) {
  switch (stage) {
    case Stage::none: return "none";
    case Stage::transcript: return "transcript";
    case Stage::model: return "model";
    case Stage::output: return "output";
  }
  return "none";
}

const char* to_string(Level level) {
  switch (level) {
    case Level::ok: return "ok";
    case Level::warn: return "warn";
    case Level::fail: return "fail";
  }
  return "fail";
}

nlohmann::json to_json(const CheckResult& check) {
  return {{"check", check.name},        {"level", to_string(check.level)},
          {"required", check.required}, {"stage", to_string(check.stage)},
          {"summary", check.summary},   {"fix", check.fix}};
}

CheckResult check_from_json(const nlohmann::json& value) {
  CheckResult c;
  c.name = value.value("check", "");
  const std::string level = value.value("level", "fail");
  c.level = level == "ok" ? Level::ok : level == "warn" ? Level::warn : Level::fail;
  c.required = value.value("required", true);
  for (Stage stage : {Stage::transcript, Stage::model, Stage::output}) {
    if (value.value("stage", "") == to_string(stage)) c.stage = stage;
  }
  c.summary = value.value("summary", "");
  c.fix = value.value("fix", "");
  return c;
}

std::string format_line(const CheckResult& check) {
  const bool bad = check.level == Level::fail && check.required;
  std::string line = check.level == Level::ok ? "✓ " : bad ? "✗ " : "⚠ ";
  line += check.name + ": " + check.summary;
  if (check.level != Level::ok && !check.fix.empty()) line += ". Fix: " + check.fix;
  return line;
}

bool all_required_pass(const std::vector<CheckResult>& checks) {
  for (const auto& c : checks) {
    if (c.failed()) return false;
  }
  return true;
}

boost::asio::awaitable<std::vector<CheckResult>> run_checks(boost::asio::any_io_executor executor,
                                                            config::Config config, CheckOptions options) {
  fault_point("health_checks", "");
  std::vector<CheckResult> out;
  auto append = [&out](std::vector<CheckResult> more) { out.insert(out.end(), more.begin(), more.end()); };
  // No co_await inside a conditional expression: GCC 12 evaluates both arms.
  if (options.pool != nullptr) {
    append(co_await options.pool->run([&config] { return check_folders(config); }));
  } else {
    append(check_folders(config));
  }
  append(co_await check_ytdlp_install(executor, config.transcript));
  if (options.pool != nullptr) {
    append(co_await options.pool->run([&config] { return check_transcript_files(config.transcript); }));
  } else {
    append(check_transcript_files(config.transcript));
  }
  auto model = co_await check_model(executor, config.model, options);
  append(std::move(model));
  if (options.status_port && !config.status.listen.empty()) out.push_back(check_status_port(config.status.listen));
  co_return out;
}

}  // namespace ytm::health
