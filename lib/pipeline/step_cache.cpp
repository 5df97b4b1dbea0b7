#include "pipeline/step_cache.hpp"

#include <spdlog/spdlog.h>

#include "core/blocking.hpp"
#include "core/hash.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

asio::awaitable<std::optional<store::Step>> find_checkpoint(VideoRef video, std::string name, std::string hash) {
  store::Store& store = video->ctx.store;
  const std::string& id = video->id;
  auto step = co_await video->ctx.pool.run([&store, &id, &name] { return store.step(id, name); });
  if (step && step->input_hash == hash) co_return step;
  co_return std::nullopt;
}

asio::awaitable<void> save_checkpoint(VideoRef video, store::Step step) {
  step.created_at = now_unix();
  store::Store& store = video->ctx.store;
  co_await video->ctx.pool.run([&store, &step] { store.save_step(step); });
}

}  // namespace

std::string request_hash(const model::Request& request, const std::string& prompt_version, const std::string& model) {
  std::string material = prompt_version;
  for (const std::string* part : {&model, &request.system, &request.prompt}) {
    material += '\0';
    material += *part;
  }
  material += '\0' + (request.schema ? request.schema->dump() : "") + '\0' + std::to_string(request.max_output_tokens);
  return sha256_hex(material);
}

asio::awaitable<std::optional<StepOutput>> reuse_step(VideoRef video, std::string name, std::string hash) {
  auto step = co_await find_checkpoint(video, name, hash);
  if (!step) co_return std::nullopt;
  json stored = json::parse(step->output, nullptr, false);
  if (stored.is_discarded() || !stored.is_object() || !stored.contains("value")) {
    spdlog::warn("{}: checkpoint {} cannot be read; doing the step again", video->id, name);
    co_return std::nullopt;
  }
  const StepUsage usage{step->input_tokens,       step->output_tokens,           step->cost_usd,
                        stored.value("calls", 1), step->list_cost_usd,          stored.value("batched", 0)};
  if (video->ctx.on_step) video->ctx.on_step(video->id, name, true);
  co_return StepOutput{std::move(stored["value"]), usage};
}

asio::awaitable<void> finish_step(VideoRef video, std::string name, std::string hash, std::string prompt_version,
                                  json value, StepUsage usage) {
  store::Step step;
  step.video_id = video->id;
  step.name = name;
  step.input_hash = hash;
  step.prompt_version = prompt_version;
  step.model = video->model_name;
  step.output = json{{"value", value}, {"calls", usage.calls}, {"batched", usage.batched_calls}}.dump();
  step.input_tokens = usage.input_tokens;
  step.output_tokens = usage.output_tokens;
  step.cost_usd = usage.cost_usd;
  step.list_cost_usd = usage.list_cost_usd;
  co_await save_checkpoint(video, std::move(step));
  if (video->ctx.on_step) video->ctx.on_step(video->id, name, false);
}

}  // namespace ytm::pipeline
