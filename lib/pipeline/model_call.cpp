#include "pipeline/model_call.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "core/backoff.hpp"
#include "core/blocking.hpp"
#include "core/fault.hpp"
#include "core/process_identity.hpp"
#include "core/time.hpp"
#include "model/pricing.hpp"
#include "pipeline/batcher.hpp"
#include "pipeline/measure.hpp"
#include "store/store.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;
using namespace std::chrono_literals;

void StepUsage::add(const StepUsage& other) {
  input_tokens += other.input_tokens;
  output_tokens += other.output_tokens;
  cost_usd += other.cost_usd;
  calls += other.calls;
  list_cost_usd += other.list_cost_usd;
  batched_calls += other.batched_calls;
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
// ctx points into call_model's frame, which awaits each of these to the end.
asio::awaitable<std::optional<Failure>> check_budget(const PipelineContext* ctx) {
  const double budget = ctx->settings.model.daily_budget_usd;
  if (budget <= 0) co_return std::nullopt;
  const UnixTime now = now_unix();
  const UnixTime midnight = now - now % day;
  store::Store& store = ctx->store;
  const store::SpendSummary spent = co_await ctx->pool.run([&store, midnight] { return store.spend_since(midnight); });
  if (spent.cost_usd < budget) co_return std::nullopt;
  char amounts[96];
  std::snprintf(amounts, sizeof amounts, "$%.2f spent today of the $%.2f daily budget", spent.cost_usd, budget);
  Failure failure = Failure::paused(
      FailureCode::budget, std::string(amounts) + " (model.daily_budget_usd); model work resumes at 00:00 UTC, in " +
                    hours_minutes(midnight + day - now) + ", or raise the budget and reload");
  failure.retry_after = std::chrono::seconds(midnight + day - now);
  co_return failure;
}

std::chrono::milliseconds backoff(const PipelineSettings& settings, int attempt, const Failure& failure) {
  if (failure.retry_after) return std::max<std::chrono::milliseconds>(*failure.retry_after, 0ms);
  static thread_local std::mt19937 random{std::random_device{}()};
  return backoff_delay(attempt, settings.backoff_base, settings.backoff_max, 0.2, random);
}

std::string step_kind(const std::string& step) { return step.substr(0, step.find('/')); }

// What a call costs if its answer never comes back to say (a crash or kill -9 cuts it off): it is
// recorded at this estimate before it is sent, and keeps it when abandoned. The input is what is
// sent (system prompt, prompt, schema); the output is as many tokens per input token as the last
// completed calls of the same step gave (a translation about as long as its chunk, a summary far
// shorter), or as long as the input before any has completed (right for a translation, high for a
// summary: a budget errs high), at most max_output_tokens; priced at the list price of the
// configured model. Runs on the pool.
store::ModelCall pending_call(const store::Store& store, const config::ModelSettings& model,
                              const ModelCallSpec& spec) {
  const model::Request& request = spec.request;
  const std::int64_t in = estimate_tokens(request.system) + estimate_tokens(request.prompt) +
                          (request.schema ? estimate_tokens(request.schema->dump()) : 0);
  const double ratio = store.output_ratio(step_kind(spec.step)).value_or(1.0);
  const auto out = std::min<std::int64_t>(std::llround(static_cast<double>(in) * ratio), request.max_output_tokens);
  const model::Cost cost = model::call_cost(model.name, model.prices, in, out, false);
  store::ModelCall call{spec.video_id, spec.step, model.name, false, "pending", in, out, cost.paid_usd, 0, now_unix()};
  call.list_cost_usd = cost.list_usd;
  return call;
}

asio::awaitable<std::int64_t> begin_call(const PipelineContext* ctx, ModelCallSpec spec) {
  store::Store& store = ctx->store;
  const config::ModelSettings& model = ctx->settings.model;
  const std::string owner = self_identity().text();
  co_return co_await ctx->pool.run(
      [&store, &model, &spec, &owner] { return store.begin_model_call(pending_call(store, model, spec), owner); });
}

asio::awaitable<void> finish_call(const PipelineContext* ctx, std::int64_t id, store::ModelCall call) {
  store::Store& store = ctx->store;
  co_await ctx->pool.run([&store, id, &call] { store.finish_model_call(id, call); });
}

// A call cut off by cancellation (shutdown, a lost lease) or a bug may still be paid for: it stays
// counted, marked abandoned. Runs after the caller reset its cancellation state.
asio::awaitable<void> abandon_call(const PipelineContext* ctx, std::int64_t id) {
  store::Store& store = ctx->store;
  try {
    co_await ctx->pool.run([&store, id] { store.abandon_model_call(id); });
  } catch (const std::exception& e) {
    spdlog::warn("model call {} stays pending (abandoned at the next start): {}", id, e.what());
  }
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
}

}  // namespace

// The first ask of a step through a batch: its call is recorded by the batch. A request the batch
// did not answer comes back as on_its_own, and the caller asks it on its own.
asio::awaitable<Outcome<model::Reply>> batched_call(const PipelineContext* ctx, ModelCallSpec spec, StepUsage* usage) {
  Outcome<model::Reply> reply = co_await ctx->batcher->complete(spec);
  if (reply) {
    usage->add({reply->input_tokens, reply->output_tokens, reply->cost_usd, 1, reply->list_cost_usd, 1});
  } else if (reply.failure().code != on_its_own) {
    usage->add({0, 0, 0, 1, 0, 1});
  }
  co_return reply;
}

asio::awaitable<Called> call_model(PipelineContext ctx, ModelCallSpec spec, StopRef stop) {
  const int attempts = std::max(1, ctx.settings.model.max_attempts);
  fault_point(spec.step, spec.video_id);
  StepUsage usage;
  bool batch = ctx.batcher != nullptr && batchable_step(spec.step);
  for (int attempt = 1;; ++attempt) {
    if (stop->failure()) co_return Called{*stop->failure(), usage};
    if (auto over = co_await check_budget(&ctx)) co_return Called{*over, usage};
    if (batch) {
      // Only the first attempt: a retry is asked on its own (one more batch would double the wait).
      batch = false;
      Outcome<model::Reply> reply = co_await batched_call(&ctx, spec, &usage);
      if (reply) co_return Called{std::move(reply), usage};
      Failure failure = reply.failure();
      if (failure.code == on_its_own) {
        --attempt;
        continue;
      }
      const bool retry = failure.kind == FailureKind::transient && attempt < attempts;
      spdlog::warn("{}: model call failed in its batch ({} {}): {}{}", spec.request.label, to_string(failure.kind),
                   failure.code_text(), failure.message, retry ? "; asking on its own" : "");
      if (!retry) co_return Called{std::move(failure), usage};
      co_await sleep_for(backoff(ctx.settings, attempt, failure));
      continue;
    }
    auto permit = co_await ctx.limiter.acquire();
    if (stop->failure()) co_return Called{*stop->failure(), usage};  // another step failed while this one waited
    const auto started = std::chrono::steady_clock::now();
    Outcome<model::Reply> reply = Failure::transient(FailureCode::network, "not called");
    std::exception_ptr cut_off;
    std::int64_t call_id = 0;
    {
      const Limiter::Permit slot = std::move(permit);
      call_id = co_await begin_call(&ctx, spec);
      try {
        reply = co_await ctx.backend.complete(spec.request);
      } catch (...) {
        cut_off = std::current_exception();
      }
    }
    if (cut_off) {
      co_await asio::this_coro::reset_cancellation_state();
      co_await abandon_call(&ctx, call_id);
      std::rethrow_exception(cut_off);
    }
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    store::ModelCall call{spec.video_id, spec.step, ctx.settings.model.name, reply.ok(), "", 0, 0, 0,
                          took.count(),  now_unix()};
    if (reply) {
      call.input_tokens = reply->input_tokens;
      call.output_tokens = reply->output_tokens;
      call.cost_usd = reply->cost_usd;
      call.list_cost_usd = reply->list_cost_usd;
      if (!reply->model.empty()) call.model = reply->model;
    } else {
      call.failure_code = reply.failure().code_text();
    }
    usage.add({call.input_tokens, call.output_tokens, call.cost_usd, 1, call.list_cost_usd});
    co_await finish_call(&ctx, call_id, call);
    if (reply) co_return Called{std::move(reply), usage};

    Failure failure = reply.failure();
    const bool retry = failure.kind == FailureKind::transient && attempt < attempts;
    spdlog::warn("{}: model call failed ({} {}): {}{}", spec.request.label, to_string(failure.kind), failure.code_text(),
                 failure.message, retry ? "; retrying" : "");
    if (!retry) {
      if (failure.kind == FailureKind::transient) {
        failure.message += " (gave up after " + std::to_string(attempt) + " attempts)";
      }
      co_return Called{std::move(failure), usage};
    }
    co_await sleep_for(backoff(ctx.settings, attempt, failure));
  }
}

}  // namespace ytm::pipeline
