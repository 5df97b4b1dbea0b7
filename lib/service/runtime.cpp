#include "service/runtime.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>

#include <optional>

#include "core/blocking.hpp"
#include "jobs/model_parts.hpp"
#include "net/http_client.hpp"
#include "store/store.hpp"
#include "transcript/ytdlp_gate.hpp"

namespace ytm::service {

namespace {

// An io_context that can drop what still waits on it (shutdown() is protected).
class EventLoop : public boost::asio::io_context {
 public:
  using boost::asio::io_context::io_context;
  void drop_pending() { shutdown(); }
};

}  // namespace

net::ClientOptions client_options(const config::Config& config) {
  net::ClientOptions options;
  if (!config.youtube.user_agent.empty()) options.user_agent = config.youtube.user_agent;
  options.proxy = config.youtube.proxy;
  return options;
}

// In the order they are built on each other: each is destroyed before what it was built on.
struct Runtime::Parts {
  explicit Parts(const config::Config& c) : config(c) {}
  config::Config config;
  std::optional<EventLoop> io;
  std::optional<BlockingPool> pool;
  std::optional<store::Store> store;
  std::optional<net::HttpClient> http;
  std::optional<jobs::ModelParts> model;
  std::shared_ptr<transcript::YtdlpGate> gate;
};

Runtime::Runtime(const config::Config& config) : parts_(std::make_unique<Parts>(config)) {}

Runtime::~Runtime() = default;

boost::asio::io_context& Runtime::io() {
  if (!parts_->io) parts_->io.emplace(1);
  return *parts_->io;
}

BlockingPool& Runtime::pool() {
  if (!parts_->pool) parts_->pool.emplace(2);
  return *parts_->pool;
}

store::Store& Runtime::store() {
  if (!parts_->store) parts_->store.emplace(store::Store::default_file(parts_->config.state_dir));
  return *parts_->store;
}

net::HttpClient& Runtime::http() {
  if (!parts_->http) parts_->http.emplace(io().get_executor(), client_options(parts_->config));
  return *parts_->http;
}

jobs::ModelParts& Runtime::model() {
  if (!parts_->model) parts_->model.emplace(io().get_executor(), parts_->config, &pool(), &store());
  return *parts_->model;
}

std::shared_ptr<transcript::YtdlpGate> Runtime::ytdlp_gate() {
  if (!parts_->gate) parts_->gate = std::make_shared<transcript::YtdlpGate>(parts_->config.transcript.min_interval);
  return parts_->gate;
}

void Runtime::reload(const config::Config& config) {
  auto& p = *parts_;
  const auto before = client_options(p.config);
  p.config = config;
  if (p.model) p.model->reload(config);
  if (p.gate) p.gate->set_min_interval(config.transcript.min_interval);
  const auto now = client_options(config);
  if (!p.http || (now.user_agent == before.user_agent && now.proxy == before.proxy)) return;
  try {
    p.http->set_options(now);
    spdlog::info("youtube.proxy and user_agent: the requests that start from now on use the new ones");
  } catch (const std::exception& e) {
    spdlog::error("youtube.proxy and user_agent not changed: {}", e.what());
  }
}

void Runtime::drain() {
  if (parts_->pool) parts_->pool->finish();
  if (parts_->io) parts_->io->drop_pending();
}

}  // namespace ytm::service
