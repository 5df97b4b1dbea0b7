#pragma once
// The work on one video: metadata and transcript, the filters that need metadata, the model
// pipeline, the document, the notification. Every finished step is checkpointed in the store,
// so a rerun (after a failure, a restart or kill -9) resumes where the last one stopped.
#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>

#include "config/loader.hpp"
#include "core/blocking.hpp"
#include "jobs/workers.hpp"
#include "store/store.hpp"

namespace ytm::net {
class HttpClient;
}

namespace ytm::jobs {

class VideoProcessor {
 public:
  // loaded is the daemon's current configuration; it may change between videos (reload).
  VideoProcessor(boost::asio::io_context& io, BlockingPool& pool, store::Store& store, net::HttpClient& http,
                 const config::Loaded& loaded);
  ~VideoProcessor();
  VideoProcessor(const VideoProcessor&) = delete;
  VideoProcessor& operator=(const VideoProcessor&) = delete;

  boost::asio::awaitable<Outcome<JobDone>> process(store::Lease lease, JobProgress& progress);
  // After a reload: the model request limit changes at once; the prompt files are read again and
  // the backend is built again when its settings changed, for the videos that start from now on
  // (the running ones finish with what they started with). What cannot be read or built is
  // logged, and the last good prompts or backend stay in use.
  void reload();
  // Called when a finished document put notifications in the outbox.
  void on_notification(std::function<void()> wake);
  VideoJob job();

  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace ytm::jobs
