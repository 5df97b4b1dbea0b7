#pragma once
// The work on one video: metadata and transcript, the filters that need metadata, the model
// pipeline, the document, the notification. Every finished step is checkpointed in the store,
// so a rerun (after a failure, a restart or kill -9) resumes where the last one stopped.
#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>

#include "config/loader.hpp"
#include "core/blocking.hpp"
#include "jobs/model_parts.hpp"
#include "jobs/workers.hpp"
#include "store/store.hpp"

namespace ytm::net {
class HttpClient;
}
namespace ytm::transcript {
class YtdlpGate;
}

namespace ytm::jobs {

class VideoProcessor {
 public:
  // loaded is the daemon's current configuration and model its backend, prompts and request limit;
  // both may change between videos (reload), a running video keeps what it started with. Its yt-dlp
  // runs take their turns at `gate`.
  VideoProcessor(boost::asio::io_context& io, BlockingPool& pool, store::Store& store, net::HttpClient& http,
                 ModelParts& model, const config::Loaded& loaded, std::shared_ptr<transcript::YtdlpGate> gate);
  ~VideoProcessor();
  VideoProcessor(const VideoProcessor&) = delete;
  VideoProcessor& operator=(const VideoProcessor&) = delete;

  // progress: the caller's, which outlives the call.
  boost::asio::awaitable<Outcome<JobDone>> process(store::Lease lease, JobProgress* progress);
  // Called when a finished document put notifications in the outbox.
  void on_notification(std::function<void()> wake);
  VideoJob job();

  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace ytm::jobs
