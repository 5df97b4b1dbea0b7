#include "model/pricing.hpp"

#include <array>

namespace ytm::model {

namespace {

struct Family {
  std::string_view prefix;  // matched against the start of the model name, most specific first
  Price price;
};

// USD per million tokens (input, output), list prices as published in 2025.
constexpr std::array<Family, 20> families{{
    {"claude-opus-4-5", {5, 25}},
    {"claude-opus-4", {15, 75}},
    {"claude-3-opus", {15, 75}},
    {"claude-sonnet-4", {3, 15}},
    {"claude-3-7-sonnet", {3, 15}},
    {"claude-3-5-sonnet", {3, 15}},
    {"claude-haiku-4", {1, 5}},
    {"claude-3-5-haiku", {0.8, 4}},
    {"claude-3-haiku", {0.25, 1.25}},
    {"gpt-4o-mini", {0.15, 0.6}},
    {"gpt-4o", {2.5, 10}},
    {"gpt-4.1-nano", {0.1, 0.4}},
    {"gpt-4.1-mini", {0.4, 1.6}},
    {"gpt-4.1", {2, 8}},
    {"gpt-5-nano", {0.05, 0.4}},
    {"gpt-5-mini", {0.25, 2}},
    {"gpt-5", {1.25, 10}},
    {"o4-mini", {1.1, 4.4}},
    {"o3-mini", {1.1, 4.4}},
    {"o3", {2, 8}},
}};

// Short aliases the claude CLI and the API accept.
constexpr std::array<Family, 3> aliases{{
    {"opus", {5, 25}},
    {"sonnet", {3, 15}},
    {"haiku", {1, 5}},
}};

}  // namespace

std::optional<Price> list_price(std::string_view model) {
  for (const Family& family : families) {
    if (model.substr(0, family.prefix.size()) == family.prefix) return family.price;
  }
  for (const Family& alias : aliases) {
    if (model == alias.prefix) return alias.price;
  }
  return std::nullopt;
}

double estimate_cost_usd(std::string_view model, std::int64_t input_tokens, std::int64_t output_tokens) {
  const auto price = list_price(model);
  if (!price) return 0;
  return (static_cast<double>(input_tokens) * price->input_per_million +
          static_cast<double>(output_tokens) * price->output_per_million) /
         1e6;
}

}  // namespace ytm::model
