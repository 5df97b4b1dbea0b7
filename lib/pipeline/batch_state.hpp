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
  std::string state;
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
Delivered delivered_from(const std::string& state, const std::string& result);
std::string result_text(const model::ItemResult& item);

// Polls the batch until it ends (cancelling it past batch_max_wait), stores how each request came
// out and wakes their callers. Runs started on its own (spawn_logged).
boost::asio::awaitable<void> drive_batch(std::shared_ptr<Batcher::State> state, store::BatchRecord batch);

// Ends a batch that never reached the server (or whose answer a kill lost): its requests dropped,
// their calls unpaid; wakes their callers.
boost::asio::awaitable<void> end_unsent(std::shared_ptr<Batcher::State> state, std::int64_t batch_id,
                                        std::string why);

// Wakes the callers parked on these requests.
void deliver(Batcher::State& state, const std::string& custom_id, const Delivered& delivered);

}  // namespace ytm::pipeline
