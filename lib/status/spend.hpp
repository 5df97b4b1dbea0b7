#pragma once
// What the model cost the owner: today, this month (UTC) and per channel this month, as paid (batches
// at their discount) and at list price, for the status report, the status page, `ytmonitor
// status` and /metrics.
#include <string>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "store/store.hpp"

namespace ytm::status {

nlohmann::json spend_json(const store::SpendSummary& spend);
// {"today": …, "month": …, "channels": [{"id", "title", …}]} (channels: this month).
nlohmann::json model_spend_json(const store::Store& store, UnixTime now);

// "$0.42 paid ($0.80 at list price, 12 of 20 calls in batches)"
std::string spend_words(const nlohmann::json& spend);
// The lines `ytmonitor status` prints under "Model today".
std::string spend_text(const nlohmann::json& model_spend);
// The status page's section.
std::string spend_html(const nlohmann::json& model_spend);
// /metrics: the all-time spend at list price and in batches (the paid total is
// ytmonitor_model_cost_usd_total).
std::string spend_metrics(const store::SpendSummary& all_time);

}  // namespace ytm::status
