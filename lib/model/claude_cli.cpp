#include "model/claude_cli.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include <spdlog/spdlog.h>

#include "core/temp_folder.hpp"
#include "process/process.hpp"

namespace ytm::model {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

constexpr const char* fallback_system_prompt =
    "You are a careful assistant. Do exactly what the user's message asks and write nothing else.";

bool environment_has(const char* name) { return std::getenv(name) != nullptr; }

// The request as the CLI is asked again after it gave up on the schema: no --json-schema, the
// schema written into the prompt, the answer left to the pipeline's tolerant reader.
Request without_schema(Request request) {
  if (!request.schema) return request;
  request.prompt +=
      "\n\nAnswer with the JSON object only, nothing before or after it, valid against this JSON schema:\n" +
      dump_json(schema_for_model(*request.schema));
  request.schema.reset();
  return request;
}

// What one run printed, read.
struct CliRun {
  Outcome<Reply> reply;
  std::string out;  // stdout, for what a run that gave up spent
};

}  // namespace

std::vector<std::string> claude_cli_argv(const config::ModelSettings& settings, const Request& request) {
  std::vector<std::string> argv{settings.command,
                                "-p",
                                "--output-format",
                                "json",
                                "--model",
                                settings.name,
                                "--system-prompt",
                                request.system.empty() ? fallback_system_prompt : request.system,
                                "--tools",
                                "",
                                "--no-session-persistence"};
  if (request.schema) {
    argv.emplace_back("--json-schema");
    argv.push_back(dump_json(schema_for_model(*request.schema)));
  }
  return argv;
}

std::vector<std::pair<std::string, std::string>> claude_cli_env(
    const Request& request, const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::pair<std::string, std::string>> env{
      {"CLAUDE_CODE_MAX_OUTPUT_TOKENS", std::to_string(request.max_output_tokens)}};
  if (!environment_has("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC")) {
    env.emplace_back("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
  }
  if (!environment_has("CLAUDE_CODE_MAX_RETRIES")) env.emplace_back("CLAUDE_CODE_MAX_RETRIES", "2");
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

namespace {

class ClaudeCliBackend final : public Backend {
 public:
  ClaudeCliBackend(asio::any_io_executor executor, const config::ModelSettings& settings,
                   std::vector<std::pair<std::string, std::string>> extra_env)
      : executor_(std::move(executor)), settings_(settings), extra_env_(std::move(extra_env)) {}

  asio::awaitable<Outcome<Reply>> complete(Request request) override {
    const auto started = std::chrono::steady_clock::now();
    // An empty working folder of our own, removed with whatever the CLI left in it.
    auto made = TempFolder::create("claude");
    if (!made) co_return made.failure();
    const TempFolder& folder = *made;
    CliRun run = co_await run_once(request, folder.path());
    // The CLI gave up on the schema ("Done."): asked the same way it gives up again, so once
    // without it; the answer's JSON is then read by the pipeline like any text answer.
    if (!run.reply && request.schema && gave_up_on_schema(run.reply.failure())) {
      spdlog::warn("{}: {}; asking once more without --json-schema", request.label, run.reply.failure().message);
      const std::string spent_before = std::move(run.out);
      run = co_await run_once(without_schema(request), folder.path());
      if (run.reply) add_spent(*run.reply, spent_before);
    }
    note_reply(run.reply, started, request.label, name());
    co_return std::move(run.reply);
  }

  [[nodiscard]] std::string name() const override { return "claude-cli:" + settings_.name; }

 private:
  asio::awaitable<CliRun> run_once(Request request, fs::path folder) {
    const CallContext context{settings_.name, request.schema.has_value(), "ANTHROPIC_API_KEY",
                              "claude (" + settings_.command + ")", settings_.prices};
    process::ProcessSpec spec;
    spec.argv = claude_cli_argv(settings_, request);
    spec.cwd = folder;
    spec.env = claude_cli_env(request, extra_env_);
    spec.stdin_data = request.prompt;
    spec.timeout = settings_.timeout;
    auto run = co_await process::run_process(executor_, std::move(spec));
    if (!run) co_return CliRun{explained(run.failure()), ""};
    if (run->timed_out) {
      co_return CliRun{
          Failure::transient(FailureCode::timeout,
                             fmt::format("{} did not answer within {:.3g} s (model.timeout) and was "
                                         "stopped",
                                         context.endpoint, static_cast<double>(settings_.timeout.count()) / 1000.0)),
          ""};
    }
    if (run->term_signal != 0) {
      co_return CliRun{Failure::transient(FailureCode::server_error, context.endpoint + " was ended by signal " +
                                                              std::to_string(run->term_signal)),
                       ""};
    }
    co_return CliRun{parse_claude_cli_output(run->out, run->exit_code, run->err, context), std::move(run->out)};
  }

  [[nodiscard]] Failure explained(Failure failure) const {
    if (failure.code == FailureCode::command_missing) {
      failure.message +=
          "; install the claude CLI (npm install -g @anthropic-ai/claude-code) for the daemon's "
          "user, or set model.command to its path";
    }
    return failure;
  }

  asio::any_io_executor executor_;
  config::ModelSettings settings_;
  std::vector<std::pair<std::string, std::string>> extra_env_;
};

}  // namespace

std::unique_ptr<Backend> make_claude_cli_backend(asio::any_io_executor executor, const config::ModelSettings& settings,
                                                 std::vector<std::pair<std::string, std::string>> extra_env) {
  return std::make_unique<ClaudeCliBackend>(std::move(executor), settings, std::move(extra_env));
}

}  // namespace ytm::model
