#include "pipeline/model_step.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "core/blocking.hpp"
#include "core/fault.hpp"
#include "core/hash.hpp"
#include "core/time.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;
using namespace std::chrono_literals;

void StepUsage::add(const StepUsage& other) {
  input_tokens += other.input_tokens;
  output_tokens += other.output_tokens;
  cost_usd += other.cost_usd;
  calls += other.calls;
}

std::string request_hash(const model::Request& request, const std::string& prompt_version, const std::string& model) {
  std::string material = prompt_version;
  for (const std::string* part : {&model, &request.system, &request.prompt}) {
    material += '\0';
    material += *part;
  }
  material += '\0' + (request.schema ? request.schema->dump() : "") + '\0' + std::to_string(request.max_output_tokens);
  return sha256_hex(material);
}

namespace {

constexpr UnixTime day = UnixTime{24} * 3600;

std::string hours_minutes(UnixTime seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%lldh %02lldm", static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60));
  return text;
}

// Paused with the time it resets when today's (UTC) spend has reached the budget.
asio::awaitable<std::optional<Failure>> check_budget(PipelineContext& ctx) {
  const double budget = ctx.settings.model.daily_budget_usd;
  if (budget <= 0) co_return std::nullopt;
  const UnixTime now = now_unix();
  const UnixTime midnight = now - now % day;
  store::Store& store = ctx.store;
  const store::SpendSummary spent = co_await ctx.pool.run([&store, midnight] { return store.spend_since(midnight); });
  if (spent.cost_usd < budget) co_return std::nullopt;
  char amounts[96];
  std::snprintf(amounts, sizeof amounts, "$%.2f spent today of the $%.2f daily budget", spent.cost_usd, budget);
  Failure failure = Failure::paused(
      "budget", std::string(amounts) + " (model.daily_budget_usd); model work resumes at 00:00 UTC, in " +
                    hours_minutes(midnight + day - now) + ", or raise the budget and reload");
  failure.retry_after = std::chrono::seconds(midnight + day - now);
  co_return failure;
}

std::chrono::milliseconds backoff(const PipelineSettings& settings, int attempt, const Failure& failure) {
  if (failure.retry_after) return std::max<std::chrono::milliseconds>(*failure.retry_after, 0ms);
  static thread_local std::minstd_rand random{std::random_device{}()};
  const auto base = settings.backoff_base * (1LL << std::min(attempt - 1, 16));
  const auto capped = std::min<std::chrono::milliseconds>(base, settings.backoff_max);
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  return std::chrono::milliseconds(static_cast<long long>(static_cast<double>(capped.count()) * jitter(random)));
}

asio::awaitable<void> record_call(PipelineContext& ctx, store::ModelCall call) {
  store::Store& store = ctx.store;
  co_await ctx.pool.run([&store, &call] { store.record_model_call(call); });
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
}

}  // namespace

asio::awaitable<Outcome<model::Reply>> call_model(PipelineContext& ctx, ModelCallSpec spec, StepUsage& usage,
                                                  const std::optional<Failure>& stopped) {
  const int attempts = std::max(1, ctx.settings.model.max_attempts);
  fault_point(spec.step, spec.video_id);
  for (int attempt = 1;; ++attempt) {
    if (stopped) co_return *stopped;
    if (auto over = co_await check_budget(ctx)) co_return *over;
    co_await ctx.limiter.acquire();
    if (stopped) {  // another step failed while this one waited for a slot
      ctx.limiter.release();
      co_return *stopped;
    }
    const auto started = std::chrono::steady_clock::now();
    Outcome<model::Reply> reply = Failure::transient("network", "not called");
    {
      LimiterSlot slot(ctx.limiter);
      reply = co_await ctx.backend.complete(spec.request);
    }
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    store::ModelCall call{spec.video_id, spec.step, ctx.backend.name(), reply.ok(), "", 0, 0, 0,
                          took.count(),  now_unix()};
    if (reply) {
      call.input_tokens = reply->input_tokens;
      call.output_tokens = reply->output_tokens;
      call.cost_usd = reply->cost_usd;
      if (!reply->model.empty()) call.model = reply->model;
    } else {
      call.failure_code = reply.failure().code;
    }
    usage.add({call.input_tokens, call.output_tokens, call.cost_usd, 1});
    co_await record_call(ctx, call);
    if (reply) co_return reply;

    Failure failure = reply.failure();
    const bool retry = failure.kind == FailureKind::transient && attempt < attempts;
    spdlog::warn("{}: model call failed ({} {}): {}{}", spec.request.label, to_string(failure.kind), failure.code,
                 failure.message, retry ? "; retrying" : "");
    if (!retry) {
      if (failure.kind == FailureKind::transient) {
        failure.message += " (gave up after " + std::to_string(attempt) + " attempts)";
      }
      co_return failure;
    }
    co_await sleep_for(backoff(ctx.settings, attempt, failure));
  }
}

asio::awaitable<std::optional<store::Step>> find_checkpoint(PipelineContext& ctx, std::string video_id,
                                                            std::string name, std::string hash) {
  store::Store& store = ctx.store;
  auto step = co_await ctx.pool.run([&store, &video_id, &name] { return store.step(video_id, name); });
  if (step && step->input_hash == hash) co_return step;
  co_return std::nullopt;
}

asio::awaitable<void> save_checkpoint(PipelineContext& ctx, store::Step step) {
  step.created_at = now_unix();
  store::Store& store = ctx.store;
  co_await ctx.pool.run([&store, &step] { store.save_step(step); });
}

}  // namespace ytm::pipeline
