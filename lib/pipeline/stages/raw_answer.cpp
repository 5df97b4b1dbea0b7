#include "pipeline/stages/raw_answer.hpp"

#include <nlohmann/json.hpp>

#include "pipeline/checkpoints.hpp"
#include "pipeline/step_cache.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

// Built outside the coroutines: GCC 12 cannot put a braced list of string literals in a frame.
json raw_value(const model::Reply& reply) {
  json value;
  value["text"] = reply.text;
  checkpoint::put_stop(value, reply.stop);
  return value;
}

}  // namespace

asio::awaitable<Asked> ask(VideoRef video, StopRef stop, std::string name, std::string call_name,
                           model::Request request, std::string version) {
  const std::string hash = request_hash(request, version, video->model_name);
  if (auto done = co_await reuse_step(video, name, hash)) {
    co_return Asked{RawAnswer{done->value.value("text", ""), checkpoint::stop_of(done->value)}, done->usage};
  }
  // Named, not a temporary in the co_await: GCC 12 frees such temporaries twice.
  const ModelCallSpec spec{video->id, call_name, request};
  Called called = co_await call_model(video->ctx, spec, stop);
  if (!called.reply) co_return Asked{called.reply.failure(), called.usage};
  co_await finish_step(video, name, hash, version, raw_value(*called.reply), called.usage);
  co_return Asked{RawAnswer{called.reply->text, called.reply->stop}, called.usage};
}

}  // namespace ytm::pipeline
