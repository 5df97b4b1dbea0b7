// The model: its command or server, the credentials it needs, and (for doctor) one tiny call that
// proves them. Also whether the status address is free.
#include <boost/asio/ip/tcp.hpp>

#include <cstdlib>
#include <filesystem>

#include "health/checks.hpp"
#include "model/anthropic.hpp"
#include "model/backend.hpp"
#include "model/http_transport.hpp"
#include "net/http_client.hpp"
#include "process/process.hpp"

namespace ytm::health {
namespace {

namespace fs = std::filesystem;

CheckResult model_check(const char* name) {
  CheckResult r;
  r.name = name;
  r.stage = Stage::model;
  return r;
}

std::string variable(const CheckOptions& options, const std::string& name) {
  for (auto it = options.model_env.rbegin(); it != options.model_env.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  const char* value = std::getenv(name.c_str());
  return value ? value : "";
}

// How the claude CLI would authenticate: a key or token in its environment, else the login it
// keeps in its configuration folder.
std::string claude_credentials(const CheckOptions& options) {
  for (const char* name : {"ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_AUTH_TOKEN"}) {
    if (!variable(options, name).empty()) return std::string(name) + " is set";
  }
  std::string dir = variable(options, "CLAUDE_CONFIG_DIR");
  if (dir.empty()) dir = variable(options, "HOME") + "/.claude";
  std::error_code ec;
  if (fs::exists(fs::path(dir) / ".credentials.json", ec)) return "logged in (" + dir + "/.credentials.json)";
  return "";
}

boost::asio::awaitable<std::vector<CheckResult>> claude_cli_checks(boost::asio::any_io_executor executor,
                                                                   config::ModelSettings m, CheckOptions options) {
  std::vector<CheckResult> out;
  auto r = model_check("model");
  process::ProcessSpec spec;
  spec.argv = {m.command, "--version"};
  spec.env = options.model_env;
  spec.timeout = std::chrono::seconds(30);
  auto run = co_await process::run_process(executor, spec);
  if (!run || !run->succeeded()) {
    r.level = Level::fail;
    r.summary = "the claude CLI (model.command " + m.command + ") " +
                (run ? "does not run: " + run->err.substr(0, 200) : run.failure().message);
    r.fix =
        "install it (npm install -g @anthropic-ai/claude-code; make run puts one in .run/) or set model.command, "
        "or use another model.backend";
    out.push_back(r);
    co_return out;
  }
  r.summary = "claude CLI " + run->out.substr(0, run->out.find('\n'));
  const auto credentials = claude_credentials(options);
  if (credentials.empty()) {
    r.level = Level::fail;
    r.summary += ", not logged in and no ANTHROPIC_API_KEY";
    // The full path: make run's claude is in .run/prefix/bin, on the daemon's PATH but not the user's.
    const auto program = process::find_program(m.command);
    r.fix = "run " + (program ? *program : m.command) +
            " once as the daemon's user and log in with /login, or give the service ANTHROPIC_API_KEY";
  } else {
    r.summary += ", " + credentials;
  }
  out.push_back(r);
  co_return out;
}

boost::asio::awaitable<std::vector<CheckResult>> http_api_checks(boost::asio::any_io_executor executor,
                                                                 config::ModelSettings m, CheckOptions options) {
  std::vector<CheckResult> out;
  const bool anthropic = m.backend == config::ModelBackend::anthropic;
  const std::string base = !m.base_url.empty() ? m.base_url : model::anthropic_default_base_url;
  auto key = model_check("model_key");
  const std::string key_env = anthropic && m.api_key_env.empty() ? "ANTHROPIC_API_KEY" : m.api_key_env;
  if (!key_env.empty()) {
    if (variable(options, key_env).empty()) {
      key.level = Level::fail;
      key.summary = "the environment variable " + key_env + " (model.api_key_env) is not set";
      key.fix = "set it in the service's environment (systemctl edit ytmonitor: Environment=" + key_env + "=…)" +
                (anthropic ? "" : ", or empty model.api_key_env for a local server such as Ollama");
    } else {
      key.summary = key_env + " is set";
    }
    out.push_back(key);
  }
  auto reach = model_check("model_server");
  net::HttpClient http(executor, {});
  net::HttpRequest request;
  request.url = model::endpoint_url(base, "/v1/models");
  request.timeout = std::chrono::seconds(10);
  request.max_body_bytes = 1 << 20;
  auto response = co_await http.request(request);
  if (!response) {
    reach.level = Level::fail;
    reach.summary = base + " (model.base_url) cannot be reached: " + response.failure().message;
    reach.fix = anthropic
                    ? "check the machine's network and proxy"
                    : "start the server (ollama serve listens on http://127.0.0.1:11434) or correct model.base_url";
  } else {
    reach.summary = base + " answers (" + std::to_string(response->status) + " for /v1/models)";
  }
  out.push_back(reach);
  co_return out;
}

std::string call_fix(const Failure& failure, const config::ModelSettings& m) {
  if (failure.code == FailureCode::auth) {
    return m.backend == config::ModelBackend::claude_cli
               ? "run claude once as the daemon's user and log in with /login, or give the service ANTHROPIC_API_KEY"
               : "check the key in the environment variable model.api_key_env names";
  }
  if (failure.code == FailureCode::billing || failure.code == FailureCode::usage_limit || failure.code == FailureCode::budget) {
    return "wait until the limit resets, or raise it; the daemon pauses model work until then by itself";
  }
  if (failure.code == FailureCode::bad_request) return "check model.name against the models the server offers";
  if (failure.code == FailureCode::network || failure.code == FailureCode::timeout) return "start the model server or correct model.base_url";
  return "see the message; the daemon would retry this later";
}

boost::asio::awaitable<CheckResult> test_call(boost::asio::any_io_executor executor, config::ModelSettings m,
                                              CheckOptions options) {
  auto r = model_check("model_call");
  model::BackendOptions backend_options{options.model_env};
  auto settings = m;
  settings.timeout = std::min<std::chrono::milliseconds>(settings.timeout, std::chrono::seconds(120));
  auto backend = model::make_backend(executor, settings, backend_options);
  model::Request request;
  request.system = "You check that the model answers. Reply with one word.";
  request.prompt = "Reply with the word OK.";
  // The claude CLI asks the model to go on when an answer stops at the limit: give "OK" room.
  request.max_output_tokens = m.backend == config::ModelBackend::claude_cli ? 16 : 1;
  request.label = "doctor";
  auto reply = co_await backend->complete(request);
  if (!reply) {
    r.level = Level::fail;
    r.summary = "a one-token call failed: " + reply.failure().message;
    r.fix = call_fix(reply.failure(), m);
  } else {
    r.summary = "a one-token call to " + backend->name() + " answered (" + std::to_string(reply->input_tokens) +
                " tokens in, " + std::to_string(reply->output_tokens) + " out)";
  }
  co_return r;
}

}  // namespace

boost::asio::awaitable<std::vector<CheckResult>> check_model(boost::asio::any_io_executor executor,
                                                             config::ModelSettings model, CheckOptions options) {
  std::vector<CheckResult> out;
  if (model.backend == config::ModelBackend::claude_cli) {
    out = co_await claude_cli_checks(executor, model, options);
  } else {
    out = co_await http_api_checks(executor, model, options);
  }
  const bool reachable = all_required_pass(out);
  if (options.model_call && reachable) out.push_back(co_await test_call(executor, model, options));
  co_return out;
}

CheckResult check_status_port(const std::string& listen) {
  CheckResult r;
  r.name = "status_port";
  const auto colon = listen.rfind(':');
  const std::string host = listen.substr(0, colon);
  const std::string port = colon == std::string::npos ? "" : listen.substr(colon + 1);
  try {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io);
    boost::asio::ip::tcp::endpoint endpoint(boost::asio::ip::make_address(host == "" ? "0.0.0.0" : host),
                                            static_cast<unsigned short>(std::stoi(port)));
    acceptor.open(endpoint.protocol());
    acceptor.set_option(boost::asio::ip::tcp::acceptor::reuse_address(true));
    acceptor.bind(endpoint);
    r.summary = listen + " (status.listen) is free";
  } catch (const std::exception& e) {
    r.level = Level::fail;
    r.summary = listen + " (status.listen) cannot be bound: " + e.what();
    r.fix = "stop what listens there (ss -ltnp 'sport = :" + port +
            "'; a ytmonitor already running?) or change status.listen";
  }
  return r;
}

}  // namespace ytm::health
