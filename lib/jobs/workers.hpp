#pragma once
// The workers: each claims a queued video with a lease, keeps the lease renewed while the video's
// job runs, and records how it ended. On shutdown a running job is cancelled at its next await
// and its video handed back to the queue (its finished steps are checkpointed in the store).
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "config/channel_filter.hpp"
#include "config/config.hpp"
#include "core/blocking.hpp"
#include "core/failure.hpp"
#include "store/store.hpp"

namespace ytm {
class Pauses;
}

namespace ytm::jobs {

struct JobDone {
  bool skipped = false;
  config::SkipCode code = config::SkipCode::filtered_title;  // when skipped
  std::string reason;                                        // why skipped
  std::string document;  // path of the written document, relative to output_dir
};

// Where a job is, so an exception that ends it can say in which step it was thrown.
struct JobProgress {
  std::string step = "start";
};

// Takes one leased video through transcript → model → render, naming each step in progress.
using VideoJob = std::function<boost::asio::awaitable<Outcome<JobDone>>(const store::Lease&, JobProgress&)>;

class Workers {
 public:
  Workers(boost::asio::io_context& io, BlockingPool& pool, store::Store& store, const config::Config& config,
          VideoJob job);
  ~Workers();

  void start(int count);
  void wake();  // new videos were queued
  void stop();  // cancels running jobs; their videos go back to the queue
  // The settings for the videos claimed from now on; once started, `workers` more loops start at
  // once, or as many fewer stop as soon as each has finished the video it is on.
  void update(const config::Config& config);
  // While one of these is in force no video is claimed; a usage limit the model reports is added.
  void set_pauses(Pauses* pauses) { pauses_ = pauses; }
  // Called with each paused failure a job ends with (a tool that needs the user, or an update).
  std::function<void(const Failure&)> on_paused;

  // Runs the job for one leased video to its end and records the outcome (also for `process`).
  boost::asio::awaitable<Outcome<JobDone>> run_one(store::Lease lease);

  [[nodiscard]] int busy() const { return busy_; }
  [[nodiscard]] const std::string& paused_reason() const { return paused_reason_; }

 private:
  void resize(int count);
  void spawn_worker(int index);
  [[nodiscard]] bool wanted(int index) const { return !stopping_ && index < wanted_; }
  boost::asio::awaitable<void> worker_loop(int index);
  boost::asio::awaitable<Outcome<JobDone>> guarded_job(store::Lease lease);
  boost::asio::awaitable<void> keep_lease(store::Lease lease);
  boost::asio::awaitable<void> wait_for_stop();
  boost::asio::awaitable<void> record(store::Lease lease, Outcome<JobDone> outcome);
  bool paused_now();
  void log_deaths(const store::Claim& claim) const;
  void pause_for_limit(const Failure& failure, UnixTime now);
  boost::asio::awaitable<void> persist(store::Lease lease, std::function<void()> write);

  boost::asio::io_context& io_;
  BlockingPool& pool_;
  store::Store& store_;
  config::Config config_;
  VideoJob job_;
  std::string owner_;
  std::mt19937 random_;
  bool stopping_ = false;
  bool started_ = false;
  int wanted_ = 0;             // worker loops that claim videos
  std::vector<bool> running_;  // by index: its loop has not ended yet
  int busy_ = 0;
  std::string paused_reason_;
  bool paused_by_gate_ = false;
  std::string last_pause_reason_;
  Pauses* pauses_ = nullptr;
  std::vector<std::unique_ptr<boost::asio::steady_timer>> idle_timers_;
  boost::asio::steady_timer stop_signal_;
};

}  // namespace ytm::jobs
