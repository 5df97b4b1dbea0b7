#include "jobs/model_parts.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "model/backend.hpp"
#include "model/batch_api.hpp"
#include "pipeline/batcher.hpp"
#include "pipeline/prompts.hpp"
#include "store/store.hpp"

namespace ytm::jobs {

namespace {

// The settings a backend reads when it is built; the others travel with each request.
bool same_backend(const config::ModelSettings& a, const config::ModelSettings& b) {
  return a.backend == b.backend && a.command == b.command && a.base_url == b.base_url &&
         a.api_key_env == b.api_key_env && a.name == b.name && a.timeout == b.timeout && a.batch == b.batch &&
         a.batch_max_wait == b.batch_max_wait;
}

// Where batches go: a batcher serves every profile that names the same server, key and model.
bool same_server(const config::ModelSettings& a, const config::ModelSettings& b) {
  return a.backend == b.backend && a.base_url == b.base_url && a.api_key_env == b.api_key_env && a.name == b.name;
}

std::vector<std::string> changed_files(const pipeline::Prompts& before, const pipeline::Prompts& after) {
  std::vector<std::string> out;
  for (const auto& [name, text] : after.files) {
    if (before.files.at(name) != text) out.push_back(after.origin.at(name));
  }
  return out;
}

}  // namespace

ModelParts::ModelParts(boost::asio::any_io_executor executor, const config::Config& config)
    : executor_(std::move(executor)),
      backend_(model::make_backend(executor_, config.model)),
      backend_settings_(config.model),
      limiter_(config.model.max_concurrent_requests),
      prompts_(std::make_shared<const pipeline::Prompts>(pipeline::load_prompts(config.prompts_dir))) {}

ModelParts::ModelParts(boost::asio::any_io_executor executor, const config::Config& config, BlockingPool* pool,
                       store::Store* store)
    : ModelParts(std::move(executor), config) {
  pool_ = pool;
  store_ = store;
  batcher_ = make_batcher(config.model);
  const auto unfinished = store_->unfinished_batches();
  if (batcher_) batcher_->resume(unfinished, true);
  resume_profile_batches(config.model, unfinished);
}

// A profile's batches went to its own server: each is polled there by a batcher for that server,
// which the profile's videos find again (batcher_for) when its settings still name it.
void ModelParts::resume_profile_batches(const config::ModelSettings& shared,
                                        const std::vector<store::BatchRecord>& unfinished) {
  std::vector<store::BatchServer> servers;
  for (const auto& batch : unfinished) {
    const store::BatchServer& s = batch.server;
    if (!s.recorded() || (batcher_ && s == batcher_->server())) continue;
    if (std::find(servers.begin(), servers.end(), s) == servers.end()) servers.push_back(s);
  }
  for (const auto& s : servers) {
    config::ModelSettings settings = shared;
    settings.backend = s.api == "openai" ? config::ModelBackend::openai : config::ModelBackend::anthropic;
    settings.base_url = s.base_url;
    settings.api_key_env = s.api_key_env;
    settings.name = s.model;
    settings.batch = true;
    auto batcher = make_batcher(settings);
    if (!batcher) continue;
    batcher->resume(unfinished, false);
    channel_batchers_.emplace_back(settings, std::move(batcher));
  }
}

std::shared_ptr<pipeline::Batcher> ModelParts::make_batcher(const config::ModelSettings& model) const {
  if (pool_ == nullptr || store_ == nullptr) return nullptr;
  auto api = model::make_batch_api(executor_, model);
  if (!api) return nullptr;
  return std::make_shared<pipeline::Batcher>(executor_, *pool_, *store_, std::move(api), model);
}

ModelParts::~ModelParts() = default;

std::shared_ptr<model::Backend> ModelParts::backend_for(const config::ModelSettings& settings) {
  if (same_backend(backend_settings_, settings)) return backend_;
  for (const auto& [built_from, backend] : channel_backends_) {
    if (same_backend(built_from, settings)) return backend;
  }
  std::shared_ptr<model::Backend> backend = model::make_backend(executor_, settings);
  channel_backends_.emplace_back(settings, backend);
  return backend;
}

std::shared_ptr<pipeline::Batcher> ModelParts::batcher_for(const config::ModelSettings& settings) {
  if (same_backend(backend_settings_, settings)) return batcher_;
  if (!settings.batch) return nullptr;
  for (const auto& [built_from, batcher] : channel_batchers_) {
    if (same_server(built_from, settings)) return batcher;
  }
  auto batcher = make_batcher(settings);
  if (batcher) channel_batchers_.emplace_back(settings, batcher);
  return batcher;
}

void ModelParts::reload(const config::Config& config) {
  const auto& model = config.model;
  channel_backends_.clear();  // built again from the new settings when a channel's video asks
  limiter_.set_max(model.max_concurrent_requests);
  try {
    auto prompts = std::make_shared<const pipeline::Prompts>(pipeline::load_prompts(config.prompts_dir));
    for (const auto& file : changed_files(*prompts_, *prompts)) {
      spdlog::info("prompts: {} changed; the videos that start from now on use it", file);
    }
    prompts_ = std::move(prompts);
  } catch (const std::exception& e) {
    spdlog::error("prompts not reloaded: {}; the last good prompts stay in use", e.what());
  }
  if (same_backend(backend_settings_, model)) return;
  try {
    backend_ = model::make_backend(executor_, model);
    // A batch already sent keeps being polled by the batcher that sent it (its state lives on).
    batcher_ = make_batcher(model);
    backend_settings_ = model;
    spdlog::info("model backend {} for the videos that start from now on", backend_->name());
  } catch (const std::exception& e) {
    spdlog::error("model backend not changed: {}; {} stays in use", e.what(), backend_->name());
  }
}

}  // namespace ytm::jobs
