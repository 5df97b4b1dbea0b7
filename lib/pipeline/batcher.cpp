#include "pipeline/batcher.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "core/blocking.hpp"
#include "core/process_identity.hpp"
#include "core/spawn.hpp"
#include "core/time.hpp"
#include "model/pricing.hpp"
#include "pipeline/batch_state.hpp"
#include "pipeline/measure.hpp"
#include "pipeline/step_cache.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

// Requests that come within this of the first one share its batch: a video's chunks all start at
// once, and the other workers' videos are usually mid-step.
constexpr std::chrono::seconds window{3};
// A parked caller looks in the store this often, in case a wake-up was missed.
constexpr std::chrono::seconds recheck{60};

bool digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// Each request's model call, recorded before the batch is sent at what it may cost: its input, an
// answer as long, at the discounted price.
store::NewBatchRequest new_request(const Pending& p, const config::ModelSettings& model) {
  const model::Request& r = p.spec.request;
  const std::int64_t in =
      estimate_tokens(r.system) + estimate_tokens(r.prompt) + (r.schema ? estimate_tokens(r.schema->dump()) : 0);
  const std::int64_t out = std::min<std::int64_t>(in, r.max_output_tokens);
  const model::Cost cost = model::call_cost(model.name, model.prices, in, out, true);
  store::ModelCall call{p.spec.video_id, p.spec.step, model.name, false, "pending", in, out, cost.paid_usd, 0, 0};
  call.list_cost_usd = cost.list_usd;
  return store::NewBatchRequest{p.spec.video_id, p.spec.step, p.hash, call, p.sends, p.first_sent_at};
}

Failure alone(const std::string& why) { return Failure::transient(on_its_own, why); }

// A creation that failed after it may have reached the server: no answer, or one we could not read.
bool answer_lost(const Failure& f) {
  return f.code == FailureCode::timeout || f.code == FailureCode::network || f.code == FailureCode::bad_response ||
         f.code == FailureCode::server_error;
}

store::BatchServer server_of(const Batcher::State& state) {
  return store::BatchServer{state.api->api(), state.settings.base_url, state.settings.api_key_env, state.settings.name};
}

// Sends what the window gathered as one batch, then polls it to its end.
asio::awaitable<void> collect(std::shared_ptr<Batcher::State> state) {
  asio::steady_timer timer(state->executor, window);
  co_await timer.async_wait(asio::use_awaitable);
  std::vector<Pending> items = std::move(state->pending);
  state->pending.clear();
  state->collecting = false;
  std::vector<store::NewBatchRequest> rows;
  for (const auto& p : items) rows.push_back(new_request(p, state->settings));
  store::Store& store = state->store;
  const store::BatchServer server = server_of(*state);
  const std::string owner = self_identity().text();
  // Named, not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
  const UnixTime created_at = now_unix();
  auto created = co_await state->pool.run(
      [&store, &server, &rows, &owner, created_at] { return store.create_batch(server, rows, owner, created_at); });
  const std::int64_t batch_id = created.first;
  const std::vector<store::BatchRequestRecord>& stored = created.second;
  std::vector<model::BatchItem> batch;
  for (std::size_t i = 0; i < items.size(); ++i) {
    items[i].waiter->custom_id = stored[i].custom_id;
    state->waiters.emplace(stored[i].custom_id, items[i].waiter);
    batch.push_back({stored[i].custom_id, items[i].spec.request});
  }
  auto sent = co_await state->api->create(batch_tag(stored.front().custom_id, created_at), std::move(batch));
  if (!sent) {
    const Failure& f = sent.failure();
    if (answer_lost(f)) {
      spdlog::warn("batch {}: the server's answer was lost ({}); looking for the batch among the server's", batch_id,
                   f.message);
      auto record = co_await state->pool.run([&store, batch_id] { return store.batch(batch_id); });
      if (record) co_await adopt_or_end(state, *record, "the server's answer was lost: " + f.message);
      co_return;
    }
    spdlog::warn("batch {}: the server did not take it ({}); its {} requests are asked on their own", batch_id,
                 f.message, items.size());
    if (f.code == FailureCode::bad_request) state->unavailable = true;  // no batches at this server (404, 400)
    co_await end_unsent(state, batch_id, "the server did not take the batch: " + f.message);
    co_return;
  }
  co_await state->pool.run([&store, batch_id, &sent] { store.batch_sent(batch_id, sent->server_id, sent->input_file_id); });
  spdlog::info("batch {} sent as {}: {} requests at the batch discount", batch_id, sent->server_id, items.size());
  auto record = co_await state->pool.run([&store, batch_id] { return store.batch(batch_id); });
  if (record) co_await drive_batch(state, *record);
}

// Waits for the request's end: woken by its batch, or finding it in the store.
asio::awaitable<Delivered> park(std::shared_ptr<Batcher::State> state, std::shared_ptr<Waiter> waiter,
                                ModelCallSpec spec, std::string hash) {
  for (;;) {
    if (waiter->delivered) co_return *waiter->delivered;
    waiter->timer.expires_after(recheck);
    co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (waiter->delivered) co_return *waiter->delivered;
    auto cancelled = (co_await asio::this_coro::cancellation_state).cancelled();
    if (cancelled != asio::cancellation_type::none) {
      throw boost::system::system_error(asio::error::operation_aborted);
    }
    store::Store& store = state->store;
    auto row = co_await state->pool.run([&store, &spec, &hash] {
      return store.batch_request_for(spec.video_id, spec.step, hash);
    });
    if (row && row->custom_id == waiter->custom_id && row->state != store::BatchRequestState::waiting) {
      co_return delivered_from(row->state, row->result);
    }
  }
}

asio::awaitable<Delivered> enqueue(std::shared_ptr<Batcher::State> state, ModelCallSpec spec, std::string hash,
                                   int sends, UnixTime first_sent_at) {
  auto waiter = std::make_shared<Waiter>(state->executor);
  state->pending.push_back(Pending{spec, hash, sends, first_sent_at, waiter});
  if (!state->collecting) {
    state->collecting = true;
    spawn_logged(state->executor, collect(state), "model batch");
  }
  co_return co_await park(state, waiter, spec, hash);
}

asio::awaitable<Delivered> wait_for(std::shared_ptr<Batcher::State> state, std::string custom_id, ModelCallSpec spec,
                                    std::string hash) {
  auto waiter = std::make_shared<Waiter>(state->executor);
  waiter->custom_id = custom_id;
  state->waiters.emplace(custom_id, waiter);
  co_return co_await park(state, waiter, spec, hash);
}

}  // namespace

bool batchable_step(std::string_view step) {
  const auto slash = step.find('/');
  if (slash == std::string_view::npos) return step == "summary";
  const auto kind = step.substr(0, slash);
  return (kind == "translate" || kind == "notes") && digits(step.substr(slash + 1));
}

Batcher::Batcher(asio::any_io_executor executor, BlockingPool& pool, store::Store& store,
                 std::shared_ptr<model::BatchApi> api, config::ModelSettings settings)
    : state_(std::make_shared<State>(State{std::move(executor), pool, store, std::move(api), std::move(settings), {},
                                           false, false, {}})) {}

Batcher::~Batcher() = default;

void Batcher::resume(const std::vector<store::BatchRecord>& unfinished, bool older_rows) {
  const store::BatchServer mine = server_of(*state_);
  for (const auto& batch : unfinished) {
    const bool older_row = older_rows && !batch.server.recorded() && batch.server.api == mine.api;
    if (batch.server != mine && !older_row) continue;
    if (batch.state == store::BatchState::sending) {
      spdlog::warn("batch {}: the last run stopped before the server's answer to it was stored; looking for it "
                   "among the server's batches", batch.id);
      spawn_logged(state_->executor, adopt_or_end(state_, batch, "the server's answer was lost in a stop"),
                   "model batch");
    } else {
      spdlog::info("batch {} ({}) left by the last run: polling it again", batch.id, batch.server_id);
      spawn_logged(state_->executor, drive_batch(state_, batch), "model batch");
    }
  }
}

store::BatchServer Batcher::server() const { return server_of(*state_); }

asio::awaitable<Outcome<model::Reply>> Batcher::complete(ModelCallSpec spec) {
  auto state = state_;
  if (state->unavailable) co_return alone("the server offers no batches");
  const std::string hash = request_hash(spec.request, "batch", state->settings.name);
  store::Store& store = state->store;
  auto row = co_await state->pool.run([&store, &spec, &hash] {
    return store.batch_request_for(spec.video_id, spec.step, hash);
  });
  Delivered delivered;
  if (!row) {
    delivered = co_await enqueue(state, spec, hash, 1, now_unix());
  } else if (row->state == store::BatchRequestState::waiting) {
    delivered = co_await wait_for(state, row->custom_id, spec, hash);  // a batch sent before a restart
  } else {
    delivered = delivered_from(row->state, row->result);
  }
  // Expired or cancelled before it ran: once more in the next batch while the owner's wait allows.
  const auto max_wait = std::chrono::duration_cast<std::chrono::seconds>(state->settings.batch_max_wait).count();
  for (int sends = row ? row->sends : 1; delivered.state == store::BatchRequestState::dropped;) {
    row = co_await state->pool.run([&store, &spec, &hash] {
      return store.batch_request_for(spec.video_id, spec.step, hash);
    });
    const UnixTime first = row ? row->first_sent_at : now_unix();
    const std::string why = delivered.reply ? std::string("not answered") : delivered.reply.failure().message;
    if (sends >= 2 || now_unix() >= first + max_wait || state->unavailable) co_return alone(why);
    spdlog::info("{}: {}; sent once more in the next batch", spec.request.label, why);
    delivered = co_await enqueue(state, spec, hash, ++sends, first);
  }
  co_return std::move(delivered.reply);
}

}  // namespace ytm::pipeline
