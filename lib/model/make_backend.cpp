#include <stdexcept>

#include "model/anthropic.hpp"
#include "model/backend.hpp"
#include "model/claude_cli.hpp"
#include "model/openai.hpp"

namespace ytm::model {

std::unique_ptr<Backend> make_backend(boost::asio::any_io_executor executor, const config::ModelSettings& settings) {
  return make_backend(std::move(executor), settings, {});
}

std::unique_ptr<Backend> make_backend(boost::asio::any_io_executor executor, const config::ModelSettings& settings,
                                      BackendOptions options) {
  switch (settings.backend) {
    case config::ModelBackend::claude_cli:
      return make_claude_cli_backend(std::move(executor), settings, std::move(options.extra_env));
    case config::ModelBackend::anthropic: return make_anthropic_backend(std::move(executor), settings);
    case config::ModelBackend::openai:
      if (settings.base_url.empty()) {
        throw std::invalid_argument("the openai backend needs model.base_url (for Ollama: http://127.0.0.1:11434)");
      }
      return make_openai_backend(std::move(executor), settings);
  }
  throw std::invalid_argument("unknown model backend");
}

}  // namespace ytm::model
