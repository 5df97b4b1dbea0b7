#include "jobs/workers.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/backoff.hpp"
#include "core/duration.hpp"
#include "core/exception_text.hpp"
#include "core/metrics.hpp"
#include "core/process_identity.hpp"
#include "core/spawn.hpp"
#include "core/pauses.hpp"

namespace ytm::jobs {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;

namespace {

constexpr auto idle_poll = 15s;  // also how soon a waiting video that fell due is noticed
constexpr auto paused_retry = std::chrono::seconds(10min);
constexpr auto limit_without_reset = std::chrono::seconds(1h);  // a usage limit that does not say when it resets
constexpr auto worker_restart = 5s;
constexpr auto store_retry = 5s;  // a locked database is tried again this often until the outcome is written

std::chrono::seconds lease_seconds(const config::Config& c) {
  return std::chrono::duration_cast<std::chrono::seconds>(c.lease);
}

}  // namespace

Workers::Workers(asio::io_context& io, BlockingPool& pool, store::Store& store, const config::Config& config,
                 VideoJob job)
    : io_(io),
      pool_(pool),
      store_(store),
      config_(config),
      job_(std::move(job)),
      owner_(self_identity().text()),
      random_(std::random_device{}()),
      stop_signal_(io, asio::steady_timer::time_point::max()) {}

Workers::~Workers() { stop(); }

void Workers::start(int count) {
  started_ = true;
  resize(count);
}

// A loop still finishing its video after a shrink is not started twice when the count grows again.
void Workers::resize(int count) {
  const int before = wanted_;
  wanted_ = count;
  while (static_cast<int>(idle_timers_.size()) < count) {
    idle_timers_.push_back(std::make_unique<asio::steady_timer>(io_));
    running_.push_back(false);
  }
  for (int i = 0; i < count; ++i) {
    if (!running_[static_cast<std::size_t>(i)]) spawn_worker(i);
  }
  if (before > count) {
    spdlog::info("workers: {} now; {} stop once their video is finished", count, before - count);
    wake();  // the idle ones stop at once
  } else if (before != 0 && count > before) {
    spdlog::info("workers: {} now", count);
  }
}

// A worker loop catches what its videos throw; should the loop itself end by an error (a bug), it
// is logged and started again after a pause instead of leaving one worker fewer.
void Workers::spawn_worker(int index) {
  const auto what =
      "worker " + std::to_string(index) + " (started again in " + std::to_string(worker_restart.count()) + " s)";
  running_[static_cast<std::size_t>(index)] = true;
  spawn_logged(io_.get_executor(), worker_loop(index), what, [this, index] {
    running_[static_cast<std::size_t>(index)] = false;
    if (!wanted(index)) return;
    auto timer = std::make_shared<asio::steady_timer>(io_, worker_restart);
    timer->async_wait([this, index, timer](const boost::system::error_code&) {
      if (wanted(index) && !running_[static_cast<std::size_t>(index)]) spawn_worker(index);
    });
  });
}

void Workers::wake() {
  for (auto& t : idle_timers_) t->cancel();
}

void Workers::stop() {
  stopping_ = true;
  stop_signal_.cancel();
  wake();
}

void Workers::update(const config::Config& config) {
  config_ = config;
  if (started_ && !stopping_ && config.workers != wanted_) resize(config.workers);
}

asio::awaitable<void> Workers::worker_loop(int index) {
  while (wanted(index)) {
    std::optional<store::Lease> lease;
    if (paused_now()) {
      auto& timer = *idle_timers_[static_cast<std::size_t>(index)];
      timer.expires_after(idle_poll);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    try {
      auto now = now_unix();
      auto until = now + lease_seconds(config_).count();
      const store::Claimant me{owner_, self_identity(), config_.max_attempts};
      auto claim = co_await pool_.run([&] { return store_.claim(me, now, until); });
      log_deaths(claim);
      lease = claim.lease;
    } catch (const std::exception& e) {
      spdlog::error("worker {}: cannot read the queue: {}", index, e.what());
    }
    if (!lease) {
      auto& timer = *idle_timers_[static_cast<std::size_t>(index)];
      timer.expires_after(idle_poll);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    co_await run_one(*lease);
  }
  running_[static_cast<std::size_t>(index)] = false;
}

void Workers::log_deaths(const store::Claim& claim) const {
  for (const auto& d : claim.deaths) {
    if (d.waiting) {
      spdlog::info(
          "video {}: taken back from a process that died while it waited on the model (a kill, not "
          "its fault): the attempt is not counted",
          d.video_id);
    } else {
      spdlog::warn(
          "video {}: taken back from a process that died while its own work ran, {}: {} such death(s) in a "
          "row there; at {} it fails as crashed",
          d.video_id, d.point, d.crashes, config_.max_attempts);
    }
  }
  for (const auto& id : claim.crashed) {
    spdlog::error(
        "video {}: failed (crashed): its process kept dying at the same point of its work (the "
        "video's reason says where); `ytmonitor retry {}` tries again",
        id, id);
  }
}

bool Workers::paused_now() {
  if (pauses_ == nullptr) return false;
  const auto now = now_unix();
  const auto active = pauses_->holding_workers(now);
  if (active.empty()) {
    if (paused_by_gate_) {
      spdlog::info("workers resume: nothing pauses them any more");
      paused_reason_.clear();
      paused_by_gate_ = false;
    }
    return false;
  }
  auto reason = Pauses::describe(active.front(), now);
  if (!paused_by_gate_ || active.front().reason != last_pause_reason_) {
    spdlog::warn("workers take no new video: {}", reason);
    last_pause_reason_ = active.front().reason;
  }
  paused_reason_ = std::move(reason);
  paused_by_gate_ = true;
  return true;
}

void Workers::pause_for_limit(const Failure& failure, UnixTime now) {
  if (pauses_ == nullptr || failure.code != FailureCode::usage_limit) return;
  const auto wait = failure.retry_after.value_or(limit_without_reset);
  pauses_->set({"model", std::string(to_string(FailureCode::usage_limit)), failure.message, now + wait.count()});
  wake();
}

// Ends only when the lease is lost: a renewal that fails (the database locked by another program
// for longer than its busy timeout) is tried again at the next period, while the lease still runs.
asio::awaitable<void> Workers::keep_lease(store::Lease lease) {
  auto period = std::max<std::chrono::seconds>(lease_seconds(config_) / 3, 1s);
  asio::steady_timer timer(io_);
  while (true) {
    timer.expires_after(period);
    co_await timer.async_wait(asio::use_awaitable);
    auto until = now_unix() + lease_seconds(config_).count();
    bool held = true;
    try {
      held = co_await pool_.run([&] { return store_.renew_lease(lease, until); });
    } catch (const std::exception& e) {
      spdlog::warn("video {}: cannot renew its lease: {}; trying again in {} s", lease.video_id, e.what(),
                   period.count());
    }
    if (!held) {
      spdlog::warn("video {}: lease lost to another worker; abandoning this run", lease.video_id);
      co_return;
    }
  }
}

asio::awaitable<void> Workers::wait_for_stop() {
  if (stopping_) co_return;
  co_await stop_signal_.async_wait(asio::as_tuple(asio::use_awaitable));
}

// In Boost 1.81 `a || b` waits for the first operand to succeed: a job that threw would leave the
// lease renewed forever. Whatever the job throws becomes its failure here, naming the step.
asio::awaitable<Outcome<JobDone>> Workers::guarded_job(store::Lease lease) {
  JobProgress progress;
  std::exception_ptr error;
  try {
    co_return co_await job_(lease, progress);
  } catch (...) {
    error = std::current_exception();
  }
  co_return Failure::transient(FailureCode::internal, "internal error in step " + progress.step + ": " + exception_text(error));
}

asio::awaitable<Outcome<JobDone>> Workers::run_one(store::Lease lease) {
  ++busy_;
  spdlog::info("video {}: processing (attempt {})", lease.video_id, lease.attempt);
  auto started = std::chrono::steady_clock::now();
  auto ended = co_await (guarded_job(lease) || (keep_lease(lease) || wait_for_stop()));
  --busy_;
  if (ended.index() == 0) {
    auto outcome = std::get<0>(std::move(ended));
    metrics().observe("ytmonitor_video_duration_seconds",
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    metrics().count("ytmonitor_videos_total_by_outcome",
                    outcome ? (outcome->skipped ? "skipped" : "done") : to_string(outcome.failure().kind));
    co_await record(lease, outcome);
    co_return outcome;
  }
  if (stopping_) {
    const std::function<void()> write = [this, &lease] {
      store_.release(lease, "the daemon stopped; it resumes from its last finished step", now_unix());
    };
    co_await persist(lease, write);
    spdlog::info("video {}: handed back to the queue for the next start", lease.video_id);
  }
  co_return Failure::transient(FailureCode::interrupted, "processing was interrupted");
}

asio::awaitable<void> Workers::record(store::Lease lease, Outcome<JobDone> outcome) {
  auto now = now_unix();
  if (outcome) {
    paused_reason_.clear();
    JobDone done = *outcome;
    if (done.skipped) {
      spdlog::info("video {}: skipped: {}", lease.video_id, done.reason);
      const std::function<void()> write = [this, &lease, &done, now] {
        store_.skip(lease, std::string(to_string(done.code)), done.reason, now);
      };
      co_await persist(lease, write);
    } else {
      spdlog::info("video {}: done: {}", lease.video_id, done.document);
      const std::function<void()> write = [this, &lease, now] { store_.complete(lease, now); };
      co_await persist(lease, write);
    }
    co_return;
  }
  Failure failure = outcome.failure();
  std::optional<UnixTime> retry_at;
  if (failure.kind == FailureKind::paused) {
    paused_reason_ = failure.message;
    if (failure.code == FailureCode::usage_limit && !failure.retry_after) failure.retry_after = limit_without_reset;
    retry_at = now + std::max(paused_retry, failure.retry_after.value_or(0s)).count();
    pause_for_limit(failure, now);
    if (on_paused) on_paused(failure);
  } else if (failure.kind == FailureKind::transient && lease.attempt >= config_.max_attempts) {
    failure.kind = FailureKind::permanent;  // the code (and an HTTP status) stays what the last try said
    failure.message = "gave up after " + std::to_string(lease.attempt) + " attempts; the last: " + failure.message;
    failure.retry_after.reset();
  } else if (failure.kind == FailureKind::transient) {
    auto delay = std::chrono::duration_cast<std::chrono::seconds>(backoff_delay(lease.attempt, 2min, 6h, 0.2, random_));
    if (failure.retry_after && *failure.retry_after > delay) delay = *failure.retry_after;
    retry_at = now + delay.count();
  }
  spdlog::warn("video {}: {} failure ({}): {}{}", lease.video_id, to_string(failure.kind), failure.code_text(),
               failure.message, retry_at ? "; next try " + format_iso8601(*retry_at) : std::string());
  const std::function<void()> write = [this, &lease, &failure, &retry_at, now] {
    store_.fail(lease, failure, retry_at, now);
  };
  co_await persist(lease, write);
}

// The outcome of a video must reach the store: while another program holds the database's write
// lock, the write is tried again (the lease keeps the video from other workers meanwhile).
// (write named by the caller and copied in: GCC 12 destroys some temporaries in a co_await twice)
asio::awaitable<void> Workers::persist(store::Lease lease, std::function<void()> write) {
  asio::steady_timer pause(io_);
  while (true) {
    std::string error;
    try {
      co_await pool_.run([&write] { write(); });
      co_return;
    } catch (const std::exception& e) {
      error = e.what();
    }
    if (stopping_) {
      spdlog::error("video {}: how it ended was not recorded: {}; it runs again after the next start", lease.video_id,
                    error);
      co_return;
    }
    spdlog::error("video {}: cannot record how it ended: {}; trying again in {} s", lease.video_id, error,
                  store_retry.count());
    pause.expires_after(store_retry);
    co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

}  // namespace ytm::jobs
