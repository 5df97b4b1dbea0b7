#include <array>
#include <utility>

#include "model/stop_reason.hpp"

namespace ytm::model {
namespace {

constexpr std::array<std::pair<std::string_view, StopReason>, 8> spellings{{
    {"end_turn", StopReason::end_turn},
    {"stop", StopReason::end_turn},
    {"stop_sequence", StopReason::end_turn},
    {"tool_use", StopReason::end_turn},
    {"tool_calls", StopReason::end_turn},
    {"function_call", StopReason::end_turn},
    {"max_tokens", StopReason::max_tokens},
    {"length", StopReason::max_tokens},
}};

constexpr std::array<std::pair<std::string_view, StopReason>, 4> codes{{
    {"end_turn", StopReason::end_turn},
    {"max_tokens", StopReason::max_tokens},
    {"none", StopReason::none},
    {"other", StopReason::other},
}};

}  // namespace

StopReason stop_reason_from(std::string_view said) {
  if (said.empty()) return StopReason::none;
  for (const auto& [spelling, stop] : spellings) {
    if (said == spelling) return stop;
  }
  return StopReason::other;
}

std::string_view stop_reason_code(StopReason stop) {
  for (const auto& [code, value] : codes) {
    if (value == stop) return code;
  }
  return "other";
}

StopReason stop_reason_from_code(std::string_view code) {
  for (const auto& [name, value] : codes) {
    if (code == name) return value;
  }
  return StopReason::end_turn;
}

}  // namespace ytm::model
