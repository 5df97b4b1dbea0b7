// The backends' raw replies: the claude CLI's stdout, and the bodies of the Anthropic and
// OpenAI-compatible APIs (with a success and an error status).
#include <cstdint>
#include <string_view>

#include "model/anthropic.hpp"
#include "model/claude_cli.hpp"
#include "model/openai.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ytm::model;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const CallContext context{"claude-sonnet-4-5", false, "ANTHROPIC_API_KEY", "fuzz"};
  (void)parse_claude_cli_output(body, 0, "", context);
  (void)parse_claude_cli_output(body, 1, body, context);
  (void)parse_anthropic_response(200, body, std::nullopt, context);
  (void)parse_anthropic_response(429, body, std::nullopt, context);
  (void)parse_openai_response(200, body, std::nullopt, context);
  (void)parse_openai_response(500, body, std::nullopt, context);
  return 0;
}
