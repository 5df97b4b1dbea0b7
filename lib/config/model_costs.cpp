#include "config/model_costs.hpp"

namespace ytm::config {
namespace {

using namespace std::chrono_literals;

void read_batch(YamlReader& r, const YAML::Node& n, ModelSettings& m) {
  const bool cli = m.backend == ModelBackend::claude_cli;
  std::string batch = cli ? "off" : "auto";
  r.read(n, "batch", batch);
  if (batch != "auto" && batch != "off") {
    r.error(n["batch"], "'batch' must be auto or off, not '" + batch + "'");
  } else if (cli && batch == "auto") {
    r.error(n["batch"], "the claude-cli backend has no batches: 'batch' must be off (the anthropic and openai "
                        "backends send batches at half price)");
  }
  m.batch = batch == "auto" && !cli;
  r.read(n, "batch_max_wait", m.batch_max_wait, 1s);
}

void read_price(YamlReader& r, const std::string& model, const YAML::Node& n, ModelSettings& m) {
  const std::string where = "model.prices." + model;
  if (!r.expect_map(n, where)) return;
  r.check_keys(n, {"input", "output", "batch_discount"}, where);
  ModelPrice price{model, 0, 0, 0};
  if (!n["input"] || !n["output"]) r.error(n, where + " needs 'input' and 'output' (USD per million tokens)");
  r.read(n, "input", price.input_per_million, 0.0, 1e4);
  r.read(n, "output", price.output_per_million, 0.0, 1e4);
  r.read(n, "batch_discount", price.batch_discount, 0.0, 1.0);
  m.prices.push_back(price);
}

}  // namespace

void read_model_costs(YamlReader& r, const YAML::Node& n, ModelSettings& m) {
  read_batch(r, n, m);
  const YAML::Node prices = n["prices"];
  if (!prices) return;
  if (!r.expect_map(prices, "model.prices")) return;
  for (const auto& entry : prices) read_price(r, entry.first.as<std::string>(), entry.second, m);
}

}  // namespace ytm::config
