#include "model/pricing.hpp"

#include <array>

namespace ytm::model {

namespace {

struct Family {
  std::string_view prefix;  // matched against the start of the model name, most specific first
  Price price;
};

// Both vendors sell batches (Anthropic's Message Batches, OpenAI's Batch API) at half price.
constexpr double half = 0.5;

// USD per million tokens (input, output, batch discount), list prices as published in 2025.
constexpr std::array<Family, 20> families{{
    {"claude-opus-4-5", {5, 25, half}},
    {"claude-opus-4", {15, 75, half}},
    {"claude-3-opus", {15, 75, half}},
    {"claude-sonnet-4", {3, 15, half}},
    {"claude-3-7-sonnet", {3, 15, half}},
    {"claude-3-5-sonnet", {3, 15, half}},
    {"claude-haiku-4", {1, 5, half}},
    {"claude-3-5-haiku", {0.8, 4, half}},
    {"claude-3-haiku", {0.25, 1.25, half}},
    {"gpt-4o-mini", {0.15, 0.6, half}},
    {"gpt-4o", {2.5, 10, half}},
    {"gpt-4.1-nano", {0.1, 0.4, half}},
    {"gpt-4.1-mini", {0.4, 1.6, half}},
    {"gpt-4.1", {2, 8, half}},
    {"gpt-5-nano", {0.05, 0.4, half}},
    {"gpt-5-mini", {0.25, 2, half}},
    {"gpt-5", {1.25, 10, half}},
    {"o4-mini", {1.1, 4.4, half}},
    {"o3-mini", {1.1, 4.4, half}},
    {"o3", {2, 8, half}},
}};

// Short aliases the claude CLI and the API accept.
constexpr std::array<Family, 3> aliases{{
    {"opus", {5, 25, half}},
    {"sonnet", {3, 15, half}},
    {"haiku", {1, 5, half}},
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

std::optional<Price> price_of(std::string_view model, const std::vector<config::ModelPrice>& overrides) {
  const config::ModelPrice* best = nullptr;
  for (const auto& price : overrides) {
    const bool matches = model.substr(0, price.model.size()) == price.model;
    if (matches && (best == nullptr || price.model.size() > best->model.size())) best = &price;
  }
  if (best != nullptr) return Price{best->input_per_million, best->output_per_million, best->batch_discount};
  return list_price(model);
}

Cost call_cost(std::string_view model, const std::vector<config::ModelPrice>& overrides, std::int64_t input_tokens,
               std::int64_t output_tokens, bool batched) {
  const auto price = price_of(model, overrides);
  if (!price) return {};
  const double list = (static_cast<double>(input_tokens) * price->input_per_million +
                       static_cast<double>(output_tokens) * price->output_per_million) /
                      1e6;
  return Cost{list, batched ? list * (1 - price->batch_discount) : list};
}

double estimate_cost_usd(std::string_view model, std::int64_t input_tokens, std::int64_t output_tokens) {
  return call_cost(model, {}, input_tokens, output_tokens, false).list_usd;
}

}  // namespace ytm::model
