#include "upkeep/health_watch.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/spawn.hpp"

namespace ytm::upkeep {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

constexpr auto period = 1h;

}  // namespace

HealthWatch::HealthWatch(asio::io_context& io, BlockingPool& pool, Pauses& pauses, const config::Loaded& loaded,
                         std::function<void()> on_change)
    : io_(io),
      pool_(pool),
      pauses_(pauses),
      loaded_(loaded),
      on_change_(std::move(on_change)),
      timer_(io),
      upkeep_(io, pool) {}

void HealthWatch::start(std::function<void()> after_first) {
  after_first_ = std::move(after_first);
  spawn_logged(io_.get_executor(), loop(), "health checks");
}

void HealthWatch::check_now() { timer_.cancel(); }

void HealthWatch::stop() {
  stopping_ = true;
  timer_.cancel();
}

asio::awaitable<void> HealthWatch::loop() {
  while (!stopping_) {
    try {
      co_await round();
    } catch (const std::exception& e) {
      spdlog::error("health checks failed to run: {}", e.what());
    }
    if (after_first_) std::exchange(after_first_, nullptr)();
    timer_.expires_after(period);
    co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

asio::awaitable<void> HealthWatch::round() {
  const bool updated = co_await upkeep_.run_if_due(loaded_.config);
  if (updated && on_ytdlp_updated) on_ytdlp_updated();
  health::CheckOptions options;
  options.pool = &pool_;
  auto results = co_await health::run_checks(io_.get_executor(), loaded_.config, options);
  apply(std::move(results));
}

void HealthWatch::apply(std::vector<health::CheckResult> results) {
  for (const auto& check : results) {
    const std::string code = "health:" + check.name;
    const std::string stage = health::to_string(check.stage);
    auto logged = logged_.find(check.name);
    if (check.level == health::Level::ok) {
      if (logged != logged_.end()) spdlog::info("health check {} passes again: {}", check.name, check.summary);
      logged_.erase(check.name);
      if (check.stage != health::Stage::none) pauses_.clear(stage, code);
      continue;
    }
    const std::string problem = check.summary + ". Fix: " + check.fix;
    if (logged == logged_.end() || logged->second != problem) {
      if (check.failed()) {
        spdlog::error("health check {} fails: {}", check.name, problem);
      } else {
        spdlog::warn("health check {}: {}", check.name, problem);
      }
      logged_[check.name] = problem;
    }
    if (check.stage == health::Stage::none) continue;
    if (check.failed()) {
      // The check's own line says what fails and the fix; the pause only points at it.
      pauses_.set({stage, code, "the health check " + check.name + " fails", std::nullopt});
    } else {
      pauses_.clear(stage, code);
    }
  }
  // A check that is no longer run (the setting it checked was removed) pauses nothing.
  for (const auto& old : results_) {
    bool still = std::any_of(results.begin(), results.end(), [&](const auto& c) { return c.name == old.name; });
    if (!still) pauses_.clear(health::to_string(old.stage), "health:" + old.name);
  }
  results_ = std::move(results);
  checked_at_ = now_unix();
  if (on_change_) on_change_();
}

nlohmann::json HealthWatch::to_json() const {
  auto out = nlohmann::json::array();
  for (const auto& c : results_) out.push_back(health::to_json(c));
  return out;
}

}  // namespace ytm::upkeep
