#include "jobs/video_job.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "core/fault.hpp"
#include "core/hash.hpp"
#include "core/limiter.hpp"
#include "jobs/pipeline_input.hpp"
#include "model/backend.hpp"
#include "monitor/filters.hpp"
#include "notify/outbox.hpp"
#include "pipeline/checkpoints.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/prompts.hpp"
#include "render/render_video.hpp"
#include "transcript/fetch.hpp"

namespace ytm::jobs {

namespace asio = boost::asio;

struct VideoProcessor::State {
  asio::io_context& io;
  BlockingPool& pool;
  store::Store& store;
  net::HttpClient& http;
  const config::Loaded& loaded;
  std::shared_ptr<model::Backend> backend;
  config::ModelSettings backend_settings;  // what backend was built from
  Limiter limiter;
  std::shared_ptr<const pipeline::Prompts> prompts;
  std::chrono::steady_clock::time_point last_ytdlp{};  // yt-dlp runs are spaced by transcript.min_interval
  std::function<void()> notified{};                    // notifications were put in the outbox
};

VideoProcessor::VideoProcessor(asio::io_context& io, BlockingPool& pool, store::Store& store, net::HttpClient& http,
                               const config::Loaded& loaded)
    : state_(new State{io, pool, store, http, loaded, model::make_backend(io.get_executor(), loaded.config.model),
                       loaded.config.model, Limiter(loaded.config.model.max_concurrent_requests),
                       std::make_shared<const pipeline::Prompts>(pipeline::load_prompts(loaded.config.prompts_dir))}) {}

VideoProcessor::~VideoProcessor() = default;

void VideoProcessor::on_notification(std::function<void()> wake) { state_->notified = std::move(wake); }

namespace {

// The settings a backend reads when it is built; the others travel with each request.
bool same_backend(const config::ModelSettings& a, const config::ModelSettings& b) {
  return a.backend == b.backend && a.command == b.command && a.base_url == b.base_url &&
         a.api_key_env == b.api_key_env && a.name == b.name && a.timeout == b.timeout;
}

std::vector<std::string> changed_files(const pipeline::Prompts& before, const pipeline::Prompts& after) {
  std::vector<std::string> out;
  for (const auto& [name, text] : after.files) {
    if (before.files.at(name) != text) out.push_back(after.origin.at(name));
  }
  return out;
}

}  // namespace

void VideoProcessor::reload() {
  auto& s = *state_;
  const auto& model = s.loaded.config.model;
  s.limiter.set_max(model.max_concurrent_requests);
  try {
    auto prompts = std::make_shared<const pipeline::Prompts>(pipeline::load_prompts(s.loaded.config.prompts_dir));
    for (const auto& file : changed_files(*s.prompts, *prompts)) {
      spdlog::info("prompts: {} changed; the videos that start from now on use it", file);
    }
    s.prompts = std::move(prompts);
  } catch (const std::exception& e) {
    spdlog::error("prompts not reloaded: {}; the last good prompts stay in use", e.what());
  }
  if (same_backend(s.backend_settings, model)) return;
  try {
    s.backend = model::make_backend(s.io.get_executor(), model);
    s.backend_settings = model;
    spdlog::info("model backend {} for the videos that start from now on", s.backend->name());
  } catch (const std::exception& e) {
    spdlog::error("model backend not changed: {}; {} stays in use", e.what(), s.backend->name());
  }
}

VideoJob VideoProcessor::job() {
  return [this](const store::Lease& lease, JobProgress& progress) { return process(lease, progress); };
}

namespace {

void enter(JobProgress& progress, const char* step, const std::string& video_id) {
  progress.step = step;
  fault_point(step, video_id);
}

// The subscription a video belongs to, for its filters and language; defaults for a video given
// to `ytmonitor process` from a channel nobody subscribed to.
config::Channel channel_settings(const store::Store& store, const config::Subscriptions& subs,
                                 const std::string& channel_id) {
  for (const auto& c : subs.channels) {
    if (c.id == channel_id) return c;
    if (c.id.empty()) {
      auto alias = store.alias(c.source());
      if (alias && alias->channel_id == channel_id) return c;
    }
  }
  config::Channel fallback;
  fallback.skip_shorts = false;
  return fallback;
}

asio::awaitable<void> space_ytdlp_runs(VideoProcessor::State& s, std::chrono::milliseconds interval) {
  auto next = s.last_ytdlp + interval;
  s.last_ytdlp = std::max(std::chrono::steady_clock::now(), next);
  if (next > std::chrono::steady_clock::now()) {
    asio::steady_timer timer(s.io, next);
    co_await timer.async_wait(asio::use_awaitable);
  }
}

asio::awaitable<Outcome<transcript::FetchedVideo>> fetched_video(VideoProcessor::State& s,
                                                                 const config::TranscriptSettings& settings,
                                                                 const std::string& id) {
  auto cached = co_await s.pool.run([&] { return pipeline::checkpoint::stored_transcript(s.store, id); });
  if (cached) co_return std::move(*cached);
  co_await space_ytdlp_runs(s, settings.min_interval);
  auto fetched = co_await transcript::fetch_video(s.io.get_executor(), settings, id);
  if (!fetched) co_return fetched.failure();
  const auto step = pipeline::checkpoint::transcript_step(id, *fetched);
  co_await s.pool.run([&] { s.store.save_step(step); });
  co_return fetched;
}

}  // namespace

asio::awaitable<Outcome<JobDone>> VideoProcessor::process(store::Lease lease, JobProgress& progress) {
  auto& s = *state_;
  // What the video started with stays its own through a reload; render reads it on the pool.
  const config::Config config = s.loaded.config;
  const config::Subscriptions subscriptions = s.loaded.subscriptions;
  const std::shared_ptr<model::Backend> backend = s.backend;
  const std::shared_ptr<const pipeline::Prompts> prompts = s.prompts;
  const auto& id = lease.video_id;
  enter(progress, "load", id);
  auto video = co_await s.pool.run([&] { return s.store.video(id); });
  if (!video) co_return Failure::permanent("unknown_video", "video " + id + " is not in the database");
  auto settings = co_await s.pool.run([&] { return channel_settings(s.store, subscriptions, video->channel_id); });

  enter(progress, "transcript", id);
  auto fetched = co_await fetched_video(s, config.transcript, id);
  if (!fetched) {
    auto live = monitor::ChannelFilter(settings).on_live_failure(fetched.failure().code);
    if (!live.keep) co_return JobDone{true, live.code, live.reason, ""};
    co_return fetched.failure();
  }
  const auto& meta = fetched->metadata;
  if (video->channel_id.empty() || video->title.empty()) {
    auto published = meta.timestamp ? meta.timestamp : parse_iso8601(meta.upload_date);
    co_await s.pool.run([&] { s.store.complete_video_details(id, meta.channel_id, meta.title, published); });
  }
  enter(progress, "filters", id);
  auto verdict = monitor::ChannelFilter(settings).on_metadata(
      std::chrono::seconds(static_cast<long long>(meta.duration)), meta.live_status, meta.media_type);
  if (!verdict.keep) co_return JobDone{true, verdict.code, verdict.reason, ""};

  enter(progress, "pipeline", id);
  auto language = settings.language.empty() ? config.output.language : settings.language;
  auto input = pipeline_input(*fetched, language);
  pipeline::PipelineSettings pipeline_settings;
  pipeline_settings.model = config.model;
  pipeline::PipelineContext context{s.pool, s.store, *backend, s.limiter, *prompts, pipeline_settings, {}};
  auto result = co_await pipeline::run_pipeline(context, input);
  if (!result) co_return result.failure();
  enter(progress, "result", id);
  const auto step = pipeline::checkpoint::result_step(id, language, *result);
  co_await s.pool.run([&] { s.store.save_step(step); });

  enter(progress, "render", id);
  auto announce = notify::document_notifications(config.notify, *result);
  auto document = co_await s.pool.run([&] { return render::render_video(s.store, config, id, announce); });
  if (!document) co_return document.failure();
  enter(progress, "notify", id);
  if (!announce.empty() && s.notified) s.notified();
  co_return JobDone{false, "", "", document->path};
}

}  // namespace ytm::jobs
