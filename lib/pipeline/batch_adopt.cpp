// A batch whose server id was never stored: the process was killed while the server answered its
// creation, or the answer was lost (a timeout, a dropped connection). The server may hold it and
// answer it; sending its requests again would pay for them twice. So the server's list is read
// first: OpenAI's batches carry our tag; Anthropic's carry nothing of ours, so the batch created
// nearest our own record, with as many requests, is taken. A wrong pick costs only time: its
// results name none of our requests, which then count as dropped and are sent again.
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "core/blocking.hpp"
#include "core/time.hpp"
#include "pipeline/batch_state.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;

namespace {

// Our clock and the server's may differ; a creation answer can take minutes.
constexpr UnixTime clock_slack = 600;
constexpr int list_tries = 3;
constexpr std::chrono::seconds list_retry{20};

asio::awaitable<Outcome<std::vector<model::ListedBatch>>> listed(std::shared_ptr<Batcher::State> state, UnixTime since) {
  for (int attempt = 1;; ++attempt) {
    auto out = co_await state->api->listed_since(since);
    if (out || attempt == list_tries) co_return out;
    spdlog::warn("listing the server's batches failed ({}); trying again in {} s", out.failure().message,
                 list_retry.count());
    asio::steady_timer timer(state->executor, list_retry);
    co_await timer.async_wait(asio::use_awaitable);
  }
}

}  // namespace

std::string batch_tag(const std::string& first_custom_id, UnixTime created_at) {
  return first_custom_id + "@" + std::to_string(created_at);
}

std::optional<std::string> pick_adopted(const store::BatchRecord& local, const std::string& tag, int requests,
                                        const std::vector<model::ListedBatch>& unknown) {
  for (const auto& b : unknown) {
    if (b.tag == tag) return b.server_id;
  }
  std::optional<std::string> nearest;
  UnixTime best = clock_slack + 1;
  for (const auto& b : unknown) {
    const UnixTime apart = std::llabs(b.created_at - local.created_at);
    if (b.tag.empty() && b.requests == requests && apart < best) {
      best = apart;
      nearest = b.server_id;
    }
  }
  return nearest;
}

asio::awaitable<void> adopt_or_end(std::shared_ptr<Batcher::State> state, store::BatchRecord batch, std::string why) {
  store::Store& store = state->store;
  const std::int64_t id = batch.id;
  const auto rows = co_await state->pool.run([&store, id] { return store.batch_requests(id); });
  auto found = co_await listed(state, batch.created_at - clock_slack);
  if (!found) {
    co_await end_unsent(state, id, why + "; the server's list of batches could not be read: " + found.failure().message);
    co_return;
  }
  std::vector<std::string> listed_ids;
  for (const auto& b : *found) listed_ids.push_back(b.server_id);
  const auto known = co_await state->pool.run([&store, &listed_ids] { return store.known_server_batches(listed_ids); });
  std::vector<model::ListedBatch> unknown;
  for (auto& b : *found) {
    if (!known.contains(b.server_id)) unknown.push_back(std::move(b));
  }
  const std::string tag = rows.empty() ? "" : batch_tag(rows.front().custom_id, batch.created_at);
  const auto server_id = pick_adopted(batch, tag, static_cast<int>(rows.size()), unknown);
  if (!server_id) {
    co_await end_unsent(state, id, why);
    co_return;
  }
  spdlog::info("batch {}: the server took it as {} although its answer was lost ({}); waiting for its answers",
               id, *server_id, why);
  const std::string adopted = *server_id;
  co_await state->pool.run([&store, id, &adopted] { store.batch_sent(id, adopted, ""); });
  batch.server_id = adopted;
  batch.state = store::BatchState::open;
  co_await drive_batch(state, std::move(batch));
}

}  // namespace ytm::pipeline
