#pragma once
// What the model steps of every video share: the backend, the prompts and the limit on model
// requests in flight (model.max_concurrent_requests). A reload builds them again for the videos
// that start afterwards; a running video keeps the backend and prompts it took (shared pointers).
#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "core/limiter.hpp"
#include "store/batch_records.hpp"

namespace ytm::model {
class Backend;
}
namespace ytm::pipeline {
struct Prompts;
class Batcher;
}
namespace ytm::store {
class Store;
}
namespace ytm {
class BlockingPool;
}

namespace ytm::jobs {

class ModelParts {
 public:
  // Throws when the backend cannot be built or a prompt override cannot be read: nothing could be
  // summarised with them.
  ModelParts(boost::asio::any_io_executor executor, const config::Config& config);
  // With the pool and store, model.batch sends first asks in batches; the batches a previous run
  // left are polled again at once.
  ModelParts(boost::asio::any_io_executor executor, const config::Config& config, BlockingPool* pool,
             store::Store* store);
  ~ModelParts();
  ModelParts(const ModelParts&) = delete;
  ModelParts& operator=(const ModelParts&) = delete;

  [[nodiscard]] std::shared_ptr<model::Backend> backend() const { return backend_; }
  // The backend for a channel's model settings (its profile): the shared one when they build the
  // same, else one built for them and kept until the next reload. Throws as make_backend does.
  std::shared_ptr<model::Backend> backend_for(const config::ModelSettings& settings);
  [[nodiscard]] std::shared_ptr<const pipeline::Prompts> prompts() const { return prompts_; }
  Limiter& limiter() { return limiter_; }
  [[nodiscard]] std::shared_ptr<pipeline::Batcher> batcher() const { return batcher_; }  // null: no batches
  // The batcher for a channel's model settings: the shared one when they build the same backend,
  // else one for their server (kept across reloads: its batches may still be open), or null when
  // they send no batches.
  [[nodiscard]] std::shared_ptr<pipeline::Batcher> batcher_for(const config::ModelSettings& settings);

  // After a reload: the request limit changes at once; the prompt files are read again and the
  // backend is built again when its settings changed. What cannot be read or built is logged, and
  // the last good prompts or backend stay in use.
  void reload(const config::Config& config);

 private:
  [[nodiscard]] std::shared_ptr<pipeline::Batcher> make_batcher(const config::ModelSettings& model) const;
  void resume_profile_batches(const config::ModelSettings& shared, const std::vector<store::BatchRecord>& unfinished);
  boost::asio::any_io_executor executor_;
  std::shared_ptr<model::Backend> backend_;
  config::ModelSettings backend_settings_;  // what backend_ was built from
  std::vector<std::pair<config::ModelSettings, std::shared_ptr<model::Backend>>> channel_backends_;
  Limiter limiter_;
  std::shared_ptr<const pipeline::Prompts> prompts_;
  BlockingPool* pool_ = nullptr;
  store::Store* store_ = nullptr;
  std::shared_ptr<pipeline::Batcher> batcher_;
  std::vector<std::pair<config::ModelSettings, std::shared_ptr<pipeline::Batcher>>> channel_batchers_;
};

}  // namespace ytm::jobs
