#include "service/daemon.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.hpp"
#include "core/spawn.hpp"
#include "core/temp_folder.hpp"
#include "jobs/video_job.hpp"
#include "jobs/workers.hpp"
#include "monitor/monitor.hpp"
#include "net/http_client.hpp"
#include "notify/digests.hpp"
#include "notify/outbox.hpp"
#include "process/process.hpp"
#include "service/config_watch.hpp"
#include "service/runtime.hpp"
#include "service/systemd_notify.hpp"
#include "service/youtube_pause.hpp"
#include "status/daemon_health.hpp"
#include "status/server.hpp"
#include "store/store.hpp"
#include "transcript/ytdlp_gate.hpp"
#include "upkeep/health_watch.hpp"

namespace ytm::service {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

constexpr auto shutdown_deadline = 8s;

// The status page reads the workers and health watch through status::DaemonView.
class Daemon : private status::DaemonView {
 public:
  Daemon(config::Loaded initial, std::function<config::Loaded()> reload)
      : loaded_(std::move(initial)),
        reload_(std::move(reload)),
        runtime_(loaded_.config),
        io_(runtime_.io()),
        pool_(runtime_.pool()),
        store_(runtime_.store()),
        http_(runtime_.http()),
        monitor_(io_, pool_, store_, http_, loaded_.config, runtime_.ytdlp_gate()),
        processor_(io_, pool_, store_, http_, runtime_.model(), loaded_, runtime_.ytdlp_gate()),
        workers_(io_, pool_, store_, loaded_.config, processor_.job()),
        watch_(io_, {loaded_.config.file, loaded_.config.subscriptions_file},
               [this] { this->reload("a file changed"); }),
        outbox_(io_, pool_, store_, http_, loaded_),
        digests_(io_, pool_, store_, loaded_, [this] { outbox_.wake(); }),
        signals_(io_, SIGINT, SIGTERM, SIGHUP),
        status_(io_, pool_, store_, loaded_, *this, pauses_),
        health_(io_, pool_, pauses_, loaded_,
                [this] {
                  workers_.wake();
                  publish_health();
                }),
        youtube_pause_(io_, pool_, store_, pauses_, runtime_.ytdlp_gate()->bot_check_pause(), loaded_.config) {}

  int run() {
    // A daemon killed with -9 took its children with it (PR_SET_PDEATHSIG), not theirs: they go now.
    if (int killed = process::kill_orphaned_children(); killed > 0) {
      spdlog::info("stopped {} process(es) left running by a ytmonitor that is gone", killed);
    }
    // Nor could it remove its subprocesses' folders; they go now too.
    if (int removed = remove_orphan_temp_folders(); removed > 0) {
      spdlog::info("removed {} temporary folder(s) left by processes that are gone", removed);
    }
    if (int abandoned = store_.abandon_orphan_model_calls(); abandoned > 0) {
      spdlog::warn(
          "{} model call(s) were in flight when their process ended; marked abandoned, still counted in "
          "spend and the budget",
          abandoned);
    }
    monitor_.on_queued = [this] { workers_.wake(); };
    monitor_.on_feeds_changed = [this] { publish_health(); };
    status_.set_feeds([this] { return monitor_.feeds_status(); });
    monitor_.apply(loaded_.config, loaded_.subscriptions);
    workers_.set_pauses(&pauses_);
    pauses_.on_change = [this] { publish_health(); };
    workers_.on_paused = [this](const Failure& failure) {
      if (failure.code == FailureCode::ytdlp_outdated) health_.after_extraction_error();
    };
    health_.on_ytdlp_updated = [this] {
      spawn_logged(io_.get_executor(), retry_paused(FailureCode::ytdlp_outdated, "the old yt-dlp could not read"),
                   "retrying after the yt-dlp update");
    };
    youtube_pause_.on_resume = [this] { workers_.wake(); };
    youtube_pause_.start();
    health_.start([this] { workers_.start(loaded_.config.workers); });
    processor_.on_notification([this] { outbox_.wake(); });
    outbox_.start();
    digests_.start();
    watch_.start();
    status_.start(loaded_.config.status.listen);
    spawn_logged(io_.get_executor(), signal_loop(), "signal handling");
    spawn_logged(io_.get_executor(), heartbeat_loop(), "status heartbeat");
    spdlog::info("ytmonitor {} running: {} channel(s), {} worker(s), database {}", YTM_VERSION,
                 loaded_.subscriptions.channels.size(), loaded_.config.workers, store_.file().string());
    notifier_.ready();
    while (true) {
      try {
        io_.run();
        break;
      } catch (const std::exception& e) {
        spdlog::critical("unexpected error on the event loop: {}; carrying on", e.what());
      }
    }
    // What waits on the loop goes while everything it refers to is still alive: first the blocking
    // work already handed over (its completions queue on the stopped loop), then the coroutines.
    runtime_.drain();
    spdlog::info("stopped");
    return 0;
  }

 private:
  int busy_workers() const override { return workers_.busy(); }
  std::string paused_reason() const override { return workers_.paused_reason(); }
  nlohmann::json health_checks() const override { return health_.to_json(); }
  UnixTime checked_at() const override { return health_.checked_at(); }
  nlohmann::json ytdlp_update() const override { return health_.last_update(); }

  asio::awaitable<void> signal_loop() {
    while (!stopping_) {
      auto [ec, signal] = co_await signals_.async_wait(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      if (signal == SIGHUP) {
        reload("SIGHUP");
      } else {
        spdlog::info("{}: stopping", signal == SIGTERM ? "SIGTERM" : "SIGINT");
        co_await shutdown();
      }
    }
  }

  void reload(const char* why) {
    notifier_.reloading();
    auto next = reload_();
    if (!next.ok()) {
      for (const auto& e : next.errors) spdlog::error("{}", e.to_string());
      spdlog::error("configuration not reloaded ({}): {} error(s); the last good configuration stays in use", why,
                    next.errors.size());
    } else {
      if (next.config.state_dir != loaded_.config.state_dir ||
          next.config.status.listen != loaded_.config.status.listen) {
        spdlog::warn("state_dir and status.listen take effect at the next restart");
      }
      const config::Config before = loaded_.config;
      loaded_ = std::move(next);
      loaded_.config.state_dir = before.state_dir;
      loaded_.config.transcript.cookie_jar = before.transcript.cookie_jar;
      setup_logging(loaded_.config.log_level);
      apply(before);
      spdlog::info("configuration reloaded ({}): {} channel(s)", why, loaded_.subscriptions.channels.size());
    }
    notifier_.ready();
  }

  // What a reload changes; work in flight finishes with what it started with.
  void apply(const config::Config& before) {
    const auto& now = loaded_.config;
    monitor_.apply(now, loaded_.subscriptions);
    workers_.update(now);
    runtime_.reload(now);
    youtube_pause_.reload(now);
    if (now.model.daily_budget_usd != before.model.daily_budget_usd) {
      spawn_logged(io_.get_executor(), retry_paused(FailureCode::budget, "the daily budget held back"),
                   "retrying after the budget changed");
    }
    health_.check_now();
  }

  asio::awaitable<void> shutdown() {
    stopping_ = true;
    notifier_.stopping();
    monitor_.stop();
    watch_.stop();
    youtube_pause_.stop();
    workers_.stop();
    health_.stop();
    outbox_.stop();
    digests_.stop();
    status_.stop();
    signals_.cancel();
    asio::steady_timer tick(io_);
    auto deadline = std::chrono::steady_clock::now() + shutdown_deadline;
    while (workers_.busy() > 0 && std::chrono::steady_clock::now() < deadline) {
      tick.expires_after(50ms);
      co_await tick.async_wait(asio::use_awaitable);
    }
    io_.stop();
  }

  // Videos paused for what has just changed are tried at once, not after their pause: what the old
  // yt-dlp could not read, with the new one; what the daily budget held back, under the new budget.
  asio::awaitable<void> retry_paused(FailureCode code, std::string which) {
    const auto now = now_unix();
    const int due = co_await pool_.run([this, code, now] { return store_.retry_now(code, now); });
    if (due > 0) spdlog::info("{} video(s) {} are tried again now", due, which);
    workers_.wake();
  }

  // daemon-health.json follows what the status page shows, for `ytmonitor status`; one write at a
  // time, the last record last.
  void publish_health() {
    if (stopping_) return;  // no pool work left suspended when the loop stops
    auto record = status::daemon_health_record(*this, pauses_);
    record["youtube_feeds"] = monitor_.feeds_status();
    if (record == health_record_) return;
    health_record_ = std::move(record);
    if (!health_writing_) spawn_logged(io_.get_executor(), write_health(), "writing daemon-health.json");
  }

  asio::awaitable<void> write_health() {
    health_writing_ = true;
    nlohmann::json written;
    while (written != health_record_) {
      written = health_record_;
      const auto dir = loaded_.config.state_dir;
      try {
        co_await pool_.run([&dir, &written] { status::write_daemon_health(dir, written); });
      } catch (const std::exception& e) {
        spdlog::warn("cannot write {}/daemon-health.json: {}", dir.string(), e.what());
        break;
      }
    }
    health_writing_ = false;
  }

  asio::awaitable<void> heartbeat_loop() {
    asio::steady_timer timer(io_);
    auto period = notifier_.watchdog_interval().value_or(std::chrono::microseconds(30s));
    period = std::min<std::chrono::microseconds>(period, 30s);
    int ticks = 0;
    while (!stopping_) {
      notifier_.watchdog();
      if (ticks++ % 4 == 0) notifier_.status(co_await status_.one_line());
      timer.expires_after(period);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }

  config::Loaded loaded_;
  std::function<config::Loaded()> reload_;
  Runtime runtime_;  // destroyed after every part below: they are built on it
  asio::io_context& io_;
  BlockingPool& pool_;
  store::Store& store_;
  net::HttpClient& http_;
  monitor::Monitor monitor_;
  jobs::VideoProcessor processor_;
  jobs::Workers workers_;
  ConfigWatch watch_;
  notify::Outbox outbox_;
  notify::DigestWriter digests_;
  asio::signal_set signals_;
  SystemdNotifier notifier_;
  status::StatusServer status_;
  Pauses pauses_;
  upkeep::HealthWatch health_;
  YoutubePause youtube_pause_;
  nlohmann::json health_record_;
  bool health_writing_ = false;
  bool stopping_ = false;
};

}  // namespace

namespace {

// An upgrade may re-index every stored passage before READY=1 (160 s for 5,000 one-hour videos
// here, longer on a small board): past TimeoutStartSec systemd would kill it mid-way, and again at
// each restart, the transaction rolled back every time.
void allow_for_upgrade(const config::Config& config) {
  if (!store::Store::upgrade_pending(store::Store::default_file(config.state_dir))) return;
  SystemdNotifier notifier;
  notifier.send("EXTEND_TIMEOUT_USEC=" + std::to_string(std::chrono::microseconds(2h).count()));
  notifier.status("upgrading the database");
}

}  // namespace

int run_daemon(config::Loaded initial, std::function<config::Loaded()> reload) {
  allow_for_upgrade(initial.config);
  Daemon daemon(std::move(initial), std::move(reload));
  return daemon.run();
}

}  // namespace ytm::service
