#include "jobs/video_job.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "config/channel_filter.hpp"
#include "config/channel_settings.hpp"
#include "core/fault.hpp"
#include "core/hash.hpp"
#include "jobs/pipeline_input.hpp"
#include "jobs/subscription.hpp"
#include "model/backend.hpp"
#include "notify/outbox.hpp"
#include "pipeline/channel_prompts.hpp"
#include "pipeline/checkpoints.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/prompts.hpp"
#include "render/render_video.hpp"
#include "sponsorblock/lookup.hpp"
#include "transcript/fetch.hpp"

namespace ytm::jobs {

namespace asio = boost::asio;

struct VideoProcessor::State {
  asio::io_context& io;
  BlockingPool& pool;
  store::Store& store;
  net::HttpClient& http;
  ModelParts& model;
  const config::Loaded& loaded;
  std::shared_ptr<transcript::YtdlpGate> gate;
  std::function<void()> notified{};  // notifications were put in the outbox
};

VideoProcessor::VideoProcessor(asio::io_context& io, BlockingPool& pool, store::Store& store, net::HttpClient& http,
                               ModelParts& model, const config::Loaded& loaded,
                               std::shared_ptr<transcript::YtdlpGate> gate)
    : state_(new State{io, pool, store, http, model, loaded, std::move(gate)}) {}

VideoProcessor::~VideoProcessor() = default;

void VideoProcessor::on_notification(std::function<void()> wake) { state_->notified = std::move(wake); }

VideoJob VideoProcessor::job() {
  return [this](const store::Lease& lease, JobProgress& progress) { return process(lease, &progress); };
}

namespace {

void enter(JobProgress& progress, const char* step, const std::string& video_id) {
  progress.step = step;
  fault_point(step, video_id);
}

bool wants_translation(const config::ChannelSettings& channel) {
  const auto& wanted = channel.sections;
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), "translation") != wanted.end();
}

// The transcript step is kept only with speech in it: an empty one (captions YouTube withheld,
// or one stored by an older version) is fetched again, never reused.
asio::awaitable<Outcome<transcript::FetchedVideo>> fetched_video(VideoProcessor::State* s,
                                                                 config::TranscriptSettings settings, std::string id) {
  auto cached = co_await s->pool.run([&] { return pipeline::checkpoint::stored_transcript(s->store, id); });
  if (cached && transcript::has_speech(cached->transcript)) co_return std::move(*cached);
  auto fetched = co_await transcript::fetch_video(s->io.get_executor(), s->gate, settings, id);
  if (!fetched) co_return fetched.failure();
  if (transcript::has_speech(fetched->transcript)) {
    const auto step = pipeline::checkpoint::transcript_step(id, *fetched);
    co_await s->pool.run([&] { s->store.save_step(step); });
  }
  co_return fetched;
}

}  // namespace

asio::awaitable<Outcome<JobDone>> VideoProcessor::process(store::Lease lease, JobProgress* progress) {
  auto& s = *state_;
  // What the video started with stays its own through a reload; render reads it on the pool.
  const config::Config config = s.loaded.config;
  const config::Subscriptions subscriptions = s.loaded.subscriptions;
  const auto& id = lease.video_id;
  enter(*progress, "load", id);
  auto video = co_await s.pool.run([&] { return s.store.video(id); });
  if (!video) co_return Failure::permanent(FailureCode::unknown_video, "video " + id + " is not in the database");
  auto settings = co_await s.pool.run([&] { return subscription_of(s.store, subscriptions, video->channel_id); });
  // The channel's profile and overrides over config.yaml: language, captions, model, prompts.
  const config::ChannelSettings channel = config::resolve(config, settings);
  const std::shared_ptr<model::Backend> backend = s.model.backend_for(channel.model);
  const std::shared_ptr<const pipeline::Prompts> prompts =
      pipeline::with_channel_text(s.model.prompts(), channel.instructions, channel.glossary);
  const std::shared_ptr<pipeline::Batcher> batcher = s.model.batcher_for(channel.model);

  enter(*progress, "transcript", id);
  auto fetched = co_await fetched_video(&s, channel.transcript, id);
  if (!fetched) {
    auto live = config::ChannelFilter(settings).on_live_failure(fetched.failure().code);
    if (!live.keep) co_return JobDone{true, live.code, live.reason, ""};
    co_return fetched.failure();
  }
  const auto& meta = fetched->metadata;
  if (video->channel_id.empty() || video->title.empty()) {
    auto published = meta.timestamp ? meta.timestamp : parse_iso8601(meta.upload_date);
    co_await s.pool.run([&] { s.store.complete_video_details(id, meta.channel_id, meta.title, published); });
  }
  enter(*progress, "filters", id);
  auto verdict = config::ChannelFilter(settings).on_metadata(
      std::chrono::seconds(static_cast<long long>(meta.duration)), meta.live_status, meta.media_type);
  if (!verdict.keep) co_return JobDone{true, verdict.code, verdict.reason, ""};

  enter(*progress, "sponsorblock", id);
  const auto& language = channel.output_language;
  auto input = pipeline_input(*fetched, language);
  input.hosts = channel.hosts;
  auto sponsors =
      co_await sponsorblock::look_up(&s.pool, &s.store, &s.http, channel.sponsorblock, id, meta.duration, now_unix());
  sponsorblock::apply(sponsors, input.segments);

  enter(*progress, "pipeline", id);
  pipeline::PipelineSettings pipeline_settings;
  pipeline_settings.model = channel.model;
  pipeline_settings.translate = wants_translation(channel);
  pipeline_settings.channel_glossary = channel.glossary;
  pipeline::PipelineContext context{s.pool,           s.store, *backend, s.model.limiter(), *prompts, pipeline_settings,
                                    {},               batcher.get()};
  auto result = co_await pipeline::run_pipeline(context, input);
  if (!result) co_return result.failure();
  result->sponsorblock = sponsors;
  result->sections = channel.sections;
  enter(*progress, "result", id);
  const auto step = pipeline::checkpoint::result_step(id, language, *result);
  const std::string& channel_id = video->channel_id.empty() ? meta.channel_id : video->channel_id;
  co_await s.pool.run([&] {
    s.store.save_step(step);
    if (!sponsors.segments.empty()) s.store.record_sponsor_savings(id, sponsors.tokens_saved);
    s.store.save_proposed_terms(channel_id, id, result->terms, now_unix());
  });

  enter(*progress, "render", id);
  auto announce = notify::document_notifications(config.notify, *result);
  auto document = co_await s.pool.run([&] { return render::render_video(s.store, config, id, announce); });
  if (!document) co_return document.failure();
  enter(*progress, "notify", id);
  if (!announce.empty() && s.notified) s.notified();
  co_return JobDone{false, config::SkipCode::filtered_title, "", document->path};
}

}  // namespace ytm::jobs
