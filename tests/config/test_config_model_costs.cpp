// model.batch, model.batch_max_wait and model.prices (config/model_costs.cpp).
#include <catch2/catch.hpp>

#include <algorithm>

#include "config/loader.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using ytm::config::load;
using ytm::test::TempDir;

namespace {

ytm::config::Loaded load_model(const std::string& model) {
  static TempDir dir;
  dir.write("config.yaml", "model:\n" + model);
  dir.write("subscriptions.yaml", "channels: []\n");
  return load(dir / "config.yaml");
}

bool says(const ytm::config::Loaded& loaded, int line, int column, const std::string& text) {
  return std::any_of(loaded.errors.begin(), loaded.errors.end(), [&](const auto& e) {
    return e.line == line && e.column == column && e.message.find(text) != std::string::npos;
  });
}

}  // namespace

TEST_CASE("model.batch is auto for the APIs and off for claude-cli, batch_max_wait two hours") {
  auto cli = load_model("  backend: claude-cli\n");
  REQUIRE(cli.ok());
  CHECK_FALSE(cli.config.model.batch);
  CHECK(cli.config.model.batch_max_wait == 2h);
  auto anthropic = load_model("  backend: anthropic\n");
  REQUIRE(anthropic.ok());
  CHECK(anthropic.config.model.batch);
  auto openai = load_model("  backend: openai\n  base_url: http://127.0.0.1:8000\n  batch_max_wait: 30m\n");
  REQUIRE(openai.ok());
  CHECK(openai.config.model.batch);
  CHECK(openai.config.model.batch_max_wait == 30min);
  auto off = load_model("  backend: anthropic\n  batch: off\n");
  REQUIRE(off.ok());
  CHECK_FALSE(off.config.model.batch);
}

TEST_CASE("model.batch errors name the line: a word it does not know, batches asked of claude-cli") {
  auto unknown = load_model("  backend: anthropic\n  batch: always\n");
  CHECK(says(unknown, 3, 10, "'batch' must be auto or off, not 'always'"));
  auto cli = load_model("  backend: claude-cli\n  batch: auto\n");
  CHECK(says(cli, 3, 10, "the claude-cli backend has no batches"));
}

TEST_CASE("model.prices adds prices per model name prefix, each checked") {
  auto loaded = load_model(
      "  backend: openai\n  base_url: http://127.0.0.1:8000\n  name: my-vllm-model\n  prices:\n"
      "    my-vllm-model: {input: 0.5, output: 1.5, batch_discount: 0.5}\n"
      "    other: {input: 1}\n"
      "    third: {input: 1, output: 2, discount: 0.5}\n");
  REQUIRE(loaded.config.model.prices.size() == 3);
  const auto& p = loaded.config.model.prices[0];
  CHECK(p.model == "my-vllm-model");
  CHECK(p.input_per_million == 0.5);
  CHECK(p.output_per_million == 1.5);
  CHECK(p.batch_discount == 0.5);
  CHECK(says(loaded, 7, 12, "model.prices.other needs 'input' and 'output'"));
  CHECK(says(loaded, 8, 34, "unknown key 'discount' in model.prices.third"));
  CHECK(loaded.errors.size() == 2);
}
