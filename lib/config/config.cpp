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

const char* to_string(SponsorAction action) { return action == SponsorAction::mark ? "mark" : "skip"; }

}  // namespace ytm::config
