#pragma once
// One table of prices per million tokens for the model families we know, with the discount their
// vendors give batches, to price a call from the tokens it reports (the claude CLI reports its own
// total_cost_usd). model.prices in the configuration adds models or replaces a family's price.
// Cache discounts and price changes after 2025 are not reflected; unknown and local models cost 0.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace ytm::model {

struct Price {
  double input_per_million = 0;
  double output_per_million = 0;
  double batch_discount = 0;  // the share taken off in a batch: 0.5 for Anthropic's and OpenAI's
};

// What a call cost: at list price and as paid (the batch discount taken off).
struct Cost {
  double list_usd = 0;
  double paid_usd = 0;
};

// The built-in table's price for a model, by the longest family prefix (or a short alias).
std::optional<Price> list_price(std::string_view model);

// The configured price (model.prices, longest prefix) before the built-in one.
std::optional<Price> price_of(std::string_view model, const std::vector<config::ModelPrice>& overrides);

Cost call_cost(std::string_view model, const std::vector<config::ModelPrice>& overrides, std::int64_t input_tokens,
               std::int64_t output_tokens, bool batched);

// At list price from the built-in table alone.
double estimate_cost_usd(std::string_view model, std::int64_t input_tokens, std::int64_t output_tokens);

}  // namespace ytm::model
