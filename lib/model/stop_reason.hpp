#pragma once
#include <string_view>

namespace ytm::model {

// Why the model stopped writing, as the backend said: Anthropic's stop_reason, OpenAI's
// finish_reason, the claude CLI's result. Some servers (Ollama's num_predict, gateways) stop at an
// output limit and say end_turn or nothing at all, so only max_tokens is sure to be a cut.
enum class StopReason {
  end_turn,    // "end_turn", "stop", "stop_sequence", "tool_use", "tool_calls": the model finished
  max_tokens,  // "max_tokens", "length": stopped by the output limit
  none,        // the answer named no reason
  other,       // a reason of another kind ("pause_turn", "model_context_window_exceeded", ...)
};
StopReason stop_reason_from(std::string_view said);  // as an API or the CLI spells it
// As stored beside a kept answer: "end_turn", "max_tokens", "none", "other".
std::string_view stop_reason_code(StopReason stop);
StopReason stop_reason_from_code(std::string_view code);  // unknown or empty: end_turn

}  // namespace ytm::model
