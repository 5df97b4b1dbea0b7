#pragma once
// Model requests sent as one batch at the server's discount (model.batch: Anthropic's Message
// Batches, OpenAI's Batch API). A step's first ask parks here: the requests that arrive within a
// few seconds of each other (every chunk of the videos being worked on) go out together, the batch
// is polled at a modest pace (5 s growing to a minute, Retry-After honoured), and each caller gets
// its answer as an interactive call would have given it, to the same reader and checkpoints.
// Each request, its model call and its custom id are in the store before the batch is sent, so a
// restart polls the batch it left, at the server it went to, instead of paying again
// (store/batches.cpp). Past
// model.batch_max_wait the batch is cancelled and what it had not answered is asked on its own.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "model/backend.hpp"
#include "pipeline/model_call.hpp"
#include "store/batch_records.hpp"

namespace ytm {
class BlockingPool;
}
namespace ytm::store {
class Store;
}
namespace ytm::model {
class BatchApi;
}

namespace ytm::pipeline {

// The failure code of a request the batch did not answer (expired or cancelled, sent once more
// already, past batch_max_wait, or the server offers no batches): ask on its own instead.
inline constexpr FailureCode on_its_own = FailureCode::batch_dropped;

// A step's first ask ("translate/3", "notes/0", "summary") goes in a batch; re-asks, gap calls,
// halves and repairs are asked on their own (few, and a second batch would double the wait).
bool batchable_step(std::string_view step);

class Batcher {
 public:
  Batcher(boost::asio::any_io_executor executor, BlockingPool& pool, store::Store& store,
          std::shared_ptr<model::BatchApi> api, config::ModelSettings settings);
  ~Batcher();
  Batcher(const Batcher&) = delete;
  Batcher& operator=(const Batcher&) = delete;

  // Polls again those of `unfinished` (the store's, read once for every batcher) that a previous run
  // left open at its server (and, with `older_rows`, those stored before batches kept their server:
  // they went to the configured model's); one whose server answer was lost is looked for on the
  // server (pipeline/batch_adopt.cpp).
  void resume(const std::vector<store::BatchRecord>& unfinished, bool older_rows);

  // Where this batcher sends: what its batches are stored with.
  [[nodiscard]] store::BatchServer server() const;

  // The reply to spec's request through a batch. Its model call is recorded by the batch (with the
  // discounted price); the usage it reports is the reply's own.
  boost::asio::awaitable<Outcome<model::Reply>> complete(ModelCallSpec spec);

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace ytm::pipeline
