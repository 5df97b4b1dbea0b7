#pragma once
// One interface for every language model backend (claude CLI, Anthropic Messages API,
// OpenAI-compatible chat completions). Backends turn their own failures into Failure values
// with the codes below, so the pipeline can act on them without knowing which backend ran.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "model/stop_reason.hpp"

namespace ytm::model {

struct Request {
  std::string system;                    // our own system prompt
  std::string prompt;                    // the user message
  std::optional<nlohmann::json> schema;  // JSON schema for structured output, when wanted
  int max_output_tokens = 16000;
  std::string label;  // for logs: "abc123 translate 3/7"
};

struct Reply {
  std::string text;                          // the answer (for structured output: the JSON text)
  std::optional<nlohmann::json> structured;  // parsed structured output when the backend gave one
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0;       // as paid: a batch's discount taken off
  double list_cost_usd = 0;  // at list price
  StopReason stop = StopReason::end_turn;
  std::string model;
  std::chrono::milliseconds elapsed{0};

  // Stopped by the token limit: never keep such a result as it is.
  [[nodiscard]] bool truncated() const { return stop == StopReason::max_tokens; }
};

// Failure codes every backend uses:
//   transient: FailureCode::rate_limited (retry_after set when the server said), overloaded,
//              server_error, timeout, network, no_structured_output (a schema was given and the
//              answer has none)
//   paused:    auth (bad or missing key, login needed), billing (spend limit, credit), command_missing
//   permanent: context_too_long (the caller splits and retries), bad_request, invalid_output
class Backend {
 public:
  virtual ~Backend() = default;
  virtual boost::asio::awaitable<Outcome<Reply>> complete(Request request) = 0;
  [[nodiscard]] virtual std::string name() const = 0;  // "claude-cli:claude-sonnet-4-5"
};

// What the daemon's settings do not say: for tests and tools that point the backend elsewhere.
struct BackendOptions {
  // claude-cli: variables added to (or overriding) the environment the command inherits, e.g.
  // ANTHROPIC_BASE_URL and a throwaway HOME.
  std::vector<std::pair<std::string, std::string>> extra_env;
};

std::unique_ptr<Backend> make_backend(boost::asio::any_io_executor executor, const config::ModelSettings& settings);
std::unique_ptr<Backend> make_backend(boost::asio::any_io_executor executor, const config::ModelSettings& settings,
                                      BackendOptions options);

}  // namespace ytm::model
