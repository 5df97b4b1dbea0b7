#pragma once
// A batch sent to a model server's batch API, its requests, and their states as the store keeps them.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "store/call_records.hpp"

namespace ytm::store {

// migrations/011_batches.sql. A batch is `sending` from its row's insert until the server's id is
// stored (`open`); it ends `ended` (the server finished it) or `unsent` (it never ran there).
enum class BatchState { sending, open, ended, unsent };
// A request waits until its batch ends; then it was answered, failed on its own, or was dropped
// (never run: sent again or asked on its own).
enum class BatchRequestState { waiting, answered, failed, dropped };

// As the state columns spell them; a spelling this ytmonitor does not know reads as an end
// (ended, dropped), so a row from a newer version is never sent again.
const char* to_string(BatchState state);
const char* to_string(BatchRequestState state);
BatchState parse_batch_state(std::string_view text);
BatchRequestState parse_batch_request_state(std::string_view text);

// Where a batch went: a restart polls it there, whatever the configuration says by then. Batches
// stored before ytmonitor kept this have only `api`: they went to the configured model's server.
struct BatchServer {
  std::string api;  // "anthropic", "openai"
  std::string base_url;
  std::string api_key_env;
  std::string model;
  bool operator==(const BatchServer&) const = default;
  // False for a row stored before batches kept their server.
  [[nodiscard]] bool recorded() const { return !base_url.empty() || !api_key_env.empty() || !model.empty(); }
};

struct BatchRecord {
  std::int64_t id = 0;
  BatchServer server;
  std::string server_id;
  std::string input_file_id;
  BatchState state = BatchState::sending;
  std::string server_status;
  bool cancel_sent = false;
  UnixTime created_at = 0;
};

struct BatchRequestRecord {
  std::int64_t id = 0;
  std::string custom_id{};
  std::int64_t batch_id = 0;
  std::string video_id;
  std::string step;
  std::string request_hash;
  std::int64_t call_id = 0;
  int sends = 1;
  UnixTime first_sent_at = 0;
  BatchRequestState state = BatchRequestState::waiting;
  std::string result;  // JSON: the reply, or the failure
};

// A request to put in a new batch: its model call is recorded pending at `call`'s estimate.
struct NewBatchRequest {
  std::string video_id;
  std::string step;
  std::string request_hash;
  ModelCall call;
  int sends = 1;
  UnixTime first_sent_at = 0;
};

// How a request of an ended batch came out: its row's new state and result, its call as finished.
struct BatchRequestEnd {
  std::string custom_id{};
  BatchRequestState state = BatchRequestState::dropped;
  std::string result;
  ModelCall call;
};

}  // namespace ytm::store
