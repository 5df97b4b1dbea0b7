#pragma once
// The claude-cli backend: `claude -p --output-format json` with our own system prompt, no tools,
// the prompt on stdin, in an empty temporary folder. The argv and the reading of its output are
// plain functions so that every failure mapping can be tested without running it.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/backend.hpp"
#include "model/http_api.hpp"

namespace ytm::model {

// command -p --output-format json --model M --system-prompt S --tools "" --no-session-persistence
// [--json-schema SCHEMA]. An empty system prompt is replaced by a one-line one, since the CLI would
// otherwise send its own agent prompt (about 28 KB).
std::vector<std::string> claude_cli_argv(const config::ModelSettings& settings, const Request& request);

// Environment added for each run: the output limit from the request (CLAUDE_CODE_MAX_OUTPUT_TOKENS),
// and, unless the daemon's environment already sets them, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1
// and CLAUDE_CODE_MAX_RETRIES=2 (the CLI otherwise retries an overloaded API 10 times over about 3
// minutes, under our own retries); then extra (from BackendOptions) overrides.
std::vector<std::pair<std::string, std::string>> claude_cli_env(
    const Request& request, const std::vector<std::pair<std::string, std::string>>& extra);

// The CLI's JSON result (stdout), exit code and stderr, read into a reply or a failure. The exit
// code alone is not trusted: is_error, api_error_status (401/403, 429, 500, 529), an empty result, a
// result that starts with "API Error", and "success" without structured output when a schema was
// given are failures (a refusal or a request for the material is an answer: the pipeline reads it
// as such). Without a schema, more than one turn means the CLI hit the output
// limit and asked the model to resume, so the result holds only the last part: truncated. Else the
// stop is the result's stop_reason (none when it has none).
Outcome<Reply> parse_claude_cli_output(std::string_view out, int exit_code, std::string_view err,
                                       const CallContext& context);

// The failure parse_claude_cli_output gives when the CLI ended "success" without the structured
// output its schema asked for: the backend then asks once more without --json-schema.
bool gave_up_on_schema(const Failure& failure);

// The tokens and cost a run that printed out (a result object) reported, added to the reply's.
void add_spent(Reply& reply, std::string_view out);

std::unique_ptr<Backend> make_claude_cli_backend(boost::asio::any_io_executor executor,
                                                 const config::ModelSettings& settings,
                                                 std::vector<std::pair<std::string, std::string>> extra_env);

}  // namespace ytm::model
