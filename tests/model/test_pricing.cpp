// model/pricing: one table with list prices and the batch discount, model.prices before it.
#include <catch2/catch.hpp>

#include "model/pricing.hpp"

using ytm::config::ModelPrice;
using ytm::model::call_cost;

TEST_CASE("a batch answer costs half the list price for Anthropic and OpenAI models") {
  const auto sonnet = call_cost("claude-sonnet-4-5-20250929", {}, 27'000, 25'000, true);
  CHECK(sonnet.list_usd == Approx(0.456));  // 27k at $3 and 25k at $15 per million
  CHECK(sonnet.paid_usd == Approx(0.228));
  const auto interactive = call_cost("claude-sonnet-4-5", {}, 27'000, 25'000, false);
  CHECK(interactive.paid_usd == Approx(interactive.list_usd));
  const auto gpt = call_cost("gpt-4.1-mini", {}, 1'000'000, 1'000'000, true);
  CHECK(gpt.list_usd == Approx(2.0));
  CHECK(gpt.paid_usd == Approx(1.0));
}

TEST_CASE("model.prices prices a model the table does not know, and replaces a family's price") {
  const std::vector<ModelPrice> prices{{"my-vllm-model", 0.5, 1.5, 0}, {"claude-sonnet-4-5", 2, 10, 0.5}};
  const auto local = call_cost("my-vllm-model-awq", prices, 1'000'000, 1'000'000, true);
  CHECK(local.list_usd == Approx(2.0));
  CHECK(local.paid_usd == Approx(2.0));  // no batch discount given for it
  CHECK(call_cost("claude-sonnet-4-5-20250929", prices, 1'000'000, 0, false).list_usd == Approx(2.0));
  CHECK(call_cost("claude-sonnet-4", prices, 1'000'000, 0, false).list_usd == Approx(3.0));  // the table's
  CHECK(call_cost("llama3.1:8b", prices, 1'000'000, 1'000'000, false).list_usd == 0);  // unknown and local: free
}
