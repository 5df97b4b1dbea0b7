#pragma once
// The batcher's shared state and the pieces its two files share. Internal to pipeline/batcher.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/batch_api.hpp"
#include "pipeline/batcher.hpp"
#include "store/store.hpp"

namespace ytm::pipeline {

// How a request came out, as its row says: answered (reply), failed (the failure), dropped.
struct Delivered {
  store::BatchRequestState state = store::BatchRequestState::dropped;
  Outcome<model::Reply> reply = Failure::transient(on_its_own, "not answered");
};

// A caller parked on its request: woken by the batch's end, or every minute to look in the store.
struct Waiter {
  explicit Waiter(const boost::asio::any_io_executor& executor) : timer(executor) {}
  boost::asio::steady_timer timer;
  std::string custom_id;  // once the request is in a batch
  std::optional<Delivered> delivered;
};

struct Pending {
  ModelCallSpec spec;
  std::string hash;
  int sends = 1;
  UnixTime first_sent_at = 0;
  std::shared_ptr<Waiter> waiter;
};

struct Batcher::State {
  boost::asio::any_io_executor executor;
  BlockingPool& pool;
  store::Store& store;
  std::shared_ptr<model::BatchApi> api;
  config::ModelSettings settings;
  std::vector<Pending> pending;  // waiting for the window to close
  bool collecting = false;
  bool unavailable = false;  // the server offers no batches: everything on its own
  std::multimap<std::string, std::shared_ptr<Waiter>> waiters;  // by custom id
};

// The row's result as a delivery, and a delivery as a row's result (JSON).
Delivered delivered_from(store::BatchRequestState state, const std::string& result);
std::string result_text(const model::ItemResult& item);

// Polls the batch until it ends (cancelling it past batch_max_wait), stores how each request came
// out and wakes their callers. Runs started on its own (spawn_logged).
boost::asio::awaitable<void> drive_batch(std::shared_ptr<Batcher::State> state, store::BatchRecord batch);

// Ends a batch that never reached the server (or whose answer a kill lost): its requests dropped,
// their calls unpaid; wakes their callers.
boost::asio::awaitable<void> end_unsent(std::shared_ptr<Batcher::State> state, std::int64_t batch_id,
                                        std::string why);

// A batch whose server id was never stored (a kill, a lost answer): follows the server's batch when
// the server took it, else ends it as end_unsent does (pipeline/batch_adopt.cpp says how it is found).
boost::asio::awaitable<void> adopt_or_end(std::shared_ptr<Batcher::State> state, store::BatchRecord batch,
                                          std::string why);
// The tag a batch is created with (OpenAI keeps it as metadata).
std::string batch_tag(const std::string& first_custom_id, UnixTime created_at);
// Of the server's batches not yet known to the store, the one that is `local`: by its tag, else
// (a server without metadata) created nearest it, within ten minutes, with as many requests.
std::optional<std::string> pick_adopted(const store::BatchRecord& local, const std::string& tag, int requests,
                                        const std::vector<model::ListedBatch>& unknown);

// Wakes the callers parked on these requests.
void deliver(Batcher::State& state, const std::string& custom_id, const Delivered& delivered);

}  // namespace ytm::pipeline
