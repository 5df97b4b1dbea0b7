#pragma once
// List prices per million tokens for the model families we know, to estimate what a call cost
// when the backend does not say (the claude CLI reports its own total_cost_usd). An estimate:
// cache discounts, batch prices and price changes after 2025 are not reflected; unknown and
// local models cost 0.
#include <cstdint>
#include <optional>
#include <string_view>

namespace ytm::model {

struct Price {
  double input_per_million = 0;
  double output_per_million = 0;
};

std::optional<Price> list_price(std::string_view model);

double estimate_cost_usd(std::string_view model, std::int64_t input_tokens, std::int64_t output_tokens);

}  // namespace ytm::model
