#pragma once
// A real SQLite store in a temp folder holding finished videos, for the re-render tests and the
// disk-full helper.
#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "pipeline/result.hpp"
#include "store/store.hpp"

namespace ytm::test {

inline void store_result(store::Store& store, const pipeline::VideoResult& r) {
  store.ensure_channel(r.video.channel_id, r.video.channel, r.video.channel_id, 1);
  store::NewVideo v;
  v.id = r.video.id;
  v.channel_id = r.video.channel_id;
  v.title = r.video.title;
  v.published_at = r.video.published;
  v.state = store::VideoState::done;
  store.insert_video(v, 1);
  store::Step step;
  step.video_id = r.video.id;
  step.name = "result";
  step.input_hash = "h";
  step.output = nlohmann::json(r).dump();
  step.created_at = 1;
  store.save_step(step);
}

inline config::Config render_config(const std::filesystem::path& output_dir) {
  config::Config c;
  c.output_dir = output_dir;
  return c;
}

}  // namespace ytm::test
