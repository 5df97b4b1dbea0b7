#include "pipeline/model_step.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "core/backoff.hpp"
#include "core/blocking.hpp"
#include "core/fault.hpp"
#include "core/hash.hpp"
#include "core/process_identity.hpp"
#include "core/time.hpp"
#include "model/pricing.hpp"
#include "pipeline/text.hpp"

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
  static thread_local std::mt19937 random{std::random_device{}()};
  return backoff_delay(attempt, settings.backoff_base, settings.backoff_max, 0.2, random);
}

// What a call may cost before its answer says: its prompt and as much again of output (at most
// max_output_tokens) at list price. A call a crash cuts off keeps this estimate in the spend.
store::ModelCall pending_call(const PipelineContext& ctx, const ModelCallSpec& spec) {
  const std::int64_t in = estimate_tokens(spec.request.system) + estimate_tokens(spec.request.prompt);
  const std::int64_t out = std::min<std::int64_t>(in, spec.request.max_output_tokens);
  const std::string model = ctx.backend.name();
  return store::ModelCall{
      spec.video_id, spec.step, model, false, "pending", in, out, model::estimate_cost_usd(model, in, out), 0,
      now_unix()};
}

asio::awaitable<std::int64_t> begin_call(PipelineContext& ctx, store::ModelCall call) {
  store::Store& store = ctx.store;
  const std::string owner = self_identity().text();
  co_return co_await ctx.pool.run([&store, &call, &owner] { return store.begin_model_call(call, owner); });
}

asio::awaitable<void> finish_call(PipelineContext& ctx, std::int64_t id, store::ModelCall call) {
  store::Store& store = ctx.store;
  co_await ctx.pool.run([&store, id, &call] { store.finish_model_call(id, call); });
}

// A call cut off by cancellation (shutdown, a lost lease) or a bug may still be paid for: it stays
// counted, marked abandoned. Runs after the caller reset its cancellation state.
asio::awaitable<void> abandon_call(PipelineContext& ctx, std::int64_t id) {
  store::Store& store = ctx.store;
  try {
    co_await ctx.pool.run([&store, id] { store.abandon_model_call(id); });
  } catch (const std::exception& e) {
    spdlog::warn("model call {} stays pending (abandoned at the next start): {}", id, e.what());
  }
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
    auto permit = co_await ctx.limiter.acquire();
    if (stopped) co_return *stopped;  // another step failed while this one waited for a slot
    const auto started = std::chrono::steady_clock::now();
    Outcome<model::Reply> reply = Failure::transient("network", "not called");
    std::exception_ptr cut_off;
    std::int64_t call_id = 0;
    const store::ModelCall pending = pending_call(ctx, spec);  // named: GCC 12 and temporaries in co_await
    {
      const Limiter::Permit slot = std::move(permit);
      call_id = co_await begin_call(ctx, pending);
      try {
        reply = co_await ctx.backend.complete(spec.request);
      } catch (...) {
        cut_off = std::current_exception();
      }
    }
    if (cut_off) {
      co_await asio::this_coro::reset_cancellation_state();
      co_await abandon_call(ctx, call_id);
      std::rethrow_exception(cut_off);
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
    co_await finish_call(ctx, call_id, call);
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
