#include "config/config.hpp"

namespace ytm::config {

const char* to_string(ModelBackend backend) {
  switch (backend) {
    case ModelBackend::claude_cli: return "claude-cli";
    case ModelBackend::anthropic: return "anthropic";
    case ModelBackend::openai: return "openai";
  }
  return "unknown";
}

}  // namespace ytm::config
