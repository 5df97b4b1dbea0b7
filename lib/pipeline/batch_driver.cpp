// The batcher's second half: polling a batch to its end, storing how each request came out, and
// waking the callers parked on them.
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "core/blocking.hpp"
#include "core/time.hpp"
#include "pipeline/batch_state.hpp"
#include "pipeline/checkpoints.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// A batch ends within minutes to hours: a first look soon (a stand-in, a small batch), then at most
// once a minute, so a day-long batch costs some 1500 small requests.
constexpr std::chrono::seconds first_poll{5};
constexpr std::chrono::seconds slowest_poll{60};

asio::awaitable<void> pause_for(std::chrono::seconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
}

FailureKind kind_from(const std::string& text) {
  if (text == "permanent") return FailureKind::permanent;
  if (text == "paused") return FailureKind::paused;
  return FailureKind::transient;
}

std::string failure_text(const Failure& f) {
  json value;
  value["kind"] = to_string(f.kind);
  value["code"] = f.code_text();
  value["message"] = f.message;
  if (f.retry_after) value["retry_after"] = f.retry_after->count();
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

store::BatchRequestState state_of(model::ItemEnd end) {
  switch (end) {
    case model::ItemEnd::answered: return store::BatchRequestState::answered;
    case model::ItemEnd::failed: return store::BatchRequestState::failed;
    case model::ItemEnd::dropped: return store::BatchRequestState::dropped;
  }
  return store::BatchRequestState::dropped;
}

// The request's model call as finished: answered at the discounted price; a failed or dropped
// request is not billed.
store::ModelCall finished_call(const model::ItemResult& item, const std::string& model, std::int64_t took_ms) {
  store::ModelCall call{"", "", model, item.reply.ok(), "", 0, 0, 0, took_ms, now_unix()};
  if (item.reply) {
    call.input_tokens = item.reply->input_tokens;
    call.output_tokens = item.reply->output_tokens;
    call.cost_usd = item.reply->cost_usd;
    call.list_cost_usd = item.reply->list_cost_usd;
    if (!item.reply->model.empty()) call.model = item.reply->model;
  } else {
    call.failure_code = item.reply.failure().code_text();
  }
  return call;
}

model::ItemResult dropped(const std::string& custom_id, FailureCode code, const std::string& why) {
  return model::ItemResult{custom_id, model::ItemEnd::dropped, Failure::transient(code, why)};
}

// Stores every request's end in one transaction, then wakes their callers.
asio::awaitable<void> finish(std::shared_ptr<Batcher::State> state, std::int64_t batch_id, store::BatchState batch_state,
                             std::vector<model::ItemResult> items, std::int64_t took_ms) {
  std::vector<store::BatchRequestEnd> ends;
  for (const auto& item : items) {
    ends.push_back({item.custom_id, state_of(item.end), result_text(item),
                    finished_call(item, state->settings.name, took_ms)});
  }
  store::Store& store = state->store;
  co_await state->pool.run([&store, batch_id, batch_state, &ends] {
    store.end_batch(batch_id, batch_state, ends, now_unix());
  });
  for (const auto& end : ends) deliver(*state, end.custom_id, delivered_from(end.state, end.result));
}

// What the ended batch says of each of its requests; one it does not mention was not run.
std::vector<model::ItemResult> outcomes(const std::vector<store::BatchRequestRecord>& rows,
                                        std::vector<model::ItemResult> results, const model::BatchStatus& status) {
  std::map<std::string, model::ItemResult> by_id;
  for (auto& r : results) by_id.emplace(r.custom_id, std::move(r));
  std::vector<model::ItemResult> out;
  const FailureCode code = status.status == "expired" ? FailureCode::batch_expired : FailureCode::batch_cancelled;
  for (const auto& row : rows) {
    if (row.state != store::BatchRequestState::waiting) continue;
    auto found = by_id.find(row.custom_id);
    if (found != by_id.end() && !status.failed) {
      out.push_back(std::move(found->second));
    } else {
      out.push_back(dropped(row.custom_id, code,
                            "the batch ended (" + status.status + ") without an answer to this request" +
                                (status.message.empty() ? "" : ": " + status.message)));
    }
  }
  return out;
}

}  // namespace

Delivered delivered_from(store::BatchRequestState state, const std::string& result) {
  const json value = json::parse(result, nullptr, false);
  if (state == store::BatchRequestState::answered && value.is_object()) {
    model::Reply reply;
    reply.text = value.value("text", "");
    reply.stop = checkpoint::stop_of(value);
    if (value.contains("structured") && value["structured"].is_object()) reply.structured = value["structured"];
    reply.input_tokens = value.value("input_tokens", std::int64_t{0});
    reply.output_tokens = value.value("output_tokens", std::int64_t{0});
    reply.cost_usd = value.value("cost_usd", 0.0);
    reply.list_cost_usd = value.value("list_cost_usd", 0.0);
    reply.model = value.value("model", "");
    return Delivered{state, std::move(reply)};
  }
  if (!value.is_object()) return Delivered{state, Failure::transient(on_its_own, "no result stored")};
  Failure failure = Failure::from_code_text(kind_from(value.value("kind", "")), value.value("code", ""),
                                            value.value("message", ""));
  if (value.contains("retry_after")) failure.retry_after = std::chrono::seconds(value.value("retry_after", 0));
  return Delivered{state, std::move(failure)};
}

std::string result_text(const model::ItemResult& item) {
  if (!item.reply) return failure_text(item.reply.failure());
  const model::Reply& r = *item.reply;
  json value;
  value["text"] = r.text;
  checkpoint::put_stop(value, r.stop);
  if (r.structured) value["structured"] = *r.structured;
  value["input_tokens"] = r.input_tokens;
  value["output_tokens"] = r.output_tokens;
  value["cost_usd"] = r.cost_usd;
  value["list_cost_usd"] = r.list_cost_usd;
  value["model"] = r.model;
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void deliver(Batcher::State& state, const std::string& custom_id, const Delivered& delivered) {
  auto [first, last] = state.waiters.equal_range(custom_id);
  for (auto it = first; it != last; ++it) {
    it->second->delivered = delivered;
    it->second->timer.cancel();
  }
  state.waiters.erase(first, last);
}

asio::awaitable<void> end_unsent(std::shared_ptr<Batcher::State> state, std::int64_t batch_id, std::string why) {
  store::Store& store = state->store;
  const auto rows = co_await state->pool.run([&store, batch_id] { return store.batch_requests(batch_id); });
  std::vector<model::ItemResult> items;
  for (const auto& row : rows) items.push_back(dropped(row.custom_id, FailureCode::batch_unsent, why));
  co_await finish(state, batch_id, store::BatchState::unsent, std::move(items), 0);
}

asio::awaitable<void> drive_batch(std::shared_ptr<Batcher::State> state, store::BatchRecord batch) {
  model::BatchApi& api = *state->api;
  const auto max_wait = std::chrono::duration_cast<std::chrono::seconds>(state->settings.batch_max_wait);
  bool cancel_sent = batch.cancel_sent;
  std::chrono::seconds delay = first_poll;
  model::BatchStatus status;
  for (;;) {
    co_await pause_for(delay);
    auto polled = co_await api.poll(batch.server_id);
    delay = std::min<std::chrono::seconds>(delay * 3 / 2, slowest_poll);
    if (!polled) {
      const Failure& f = polled.failure();
      spdlog::warn("batch {} ({}): cannot read its status: {}", batch.id, batch.server_id, f.message);
      if (f.retry_after) delay = std::max(delay, *f.retry_after);
      if (f.kind == FailureKind::permanent) {  // the server does not know it (any more): nothing of it runs
        co_await end_unsent(state, batch.id, "the server no longer knows the batch: " + f.message);
        co_return;
      }
      continue;
    }
    status = *polled;
    if (status.retry_after) delay = std::max(delay, *status.retry_after);
    store::Store& store = state->store;
    co_await state->pool.run([&store, &batch, &status, cancel_sent] {
      store.batch_polled(batch.id, status.status, cancel_sent);
    });
    if (status.ended) break;
    if (!cancel_sent && now_unix() >= batch.created_at + max_wait.count()) {
      spdlog::info("batch {} ({}): model.batch_max_wait reached; cancelling it, and what it has not answered is "
                   "asked on its own", batch.id, batch.server_id);
      auto cancelled = co_await api.cancel(batch.server_id);
      if (cancelled) cancel_sent = true;
    }
  }
  std::vector<model::ItemResult> results;
  for (;;) {
    auto read = co_await api.results(status);
    if (read) {
      results = std::move(*read);
      break;
    }
    spdlog::warn("batch {} ({}): cannot read its results: {}", batch.id, batch.server_id, read.failure().message);
    co_await pause_for(read.failure().retry_after.value_or(slowest_poll));
  }
  store::Store& store = state->store;
  const auto rows = co_await state->pool.run([&store, &batch] { return store.batch_requests(batch.id); });
  auto items = outcomes(rows, std::move(results), status);
  const auto took = std::max<std::int64_t>(0, now_unix() - batch.created_at) * 1000;
  spdlog::info("batch {} ({}) {}: {} requests", batch.id, batch.server_id, status.status, items.size());
  co_await finish(state, batch.id, store::BatchState::ended, std::move(items), took);
}

}  // namespace ytm::pipeline
