#pragma once
// What the model work cost: each call as recorded, and sums of them (status, the page, /metrics).
#include <cstdint>
#include <string>

#include "core/time.hpp"

namespace ytm::store {

struct ModelCall {
  std::string video_id;
  std::string step;
  std::string model;
  bool ok = true;
  std::string failure_code;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0;
  std::int64_t duration_ms = 0;
  UnixTime at = 0;
  double list_cost_usd = 0;  // cost_usd is as paid: a batch's discount taken off
  std::int64_t batch_id = 0;  // batches.id when it went in a batch
  std::string custom_id{};
};

struct SpendSummary {
  std::int64_t calls = 0;
  std::int64_t failed_calls = 0;     // not answered: failures, abandoned and pending calls
  std::int64_t abandoned_calls = 0;  // cut off by a stop or a kill: counted at their estimate
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0;       // as paid
  double list_cost_usd = 0;  // at list price
  std::int64_t batched_calls = 0;
};

// What one channel's videos cost since a time (status page, status, /metrics).
struct ChannelSpend {
  std::string channel_id;
  std::string title;
  SpendSummary spend;
};

}  // namespace ytm::store
