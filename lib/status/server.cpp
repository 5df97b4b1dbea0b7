#include "status/server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/use_awaitable.hpp>

#include "core/metrics.hpp"
#include "core/pauses.hpp"
#include "net/http_server.hpp"
#include "render/feed_xml.hpp"
#include "render/output_dir.hpp"
#include "status/report.hpp"
#include "status/spend.hpp"

namespace ytm::status {

namespace asio = boost::asio;

namespace {

const std::map<std::string, std::string>& metric_help() {
  static const std::map<std::string, std::string> help = {
      {"ytmonitor_polls_total_by_result", "Feed polls by result (ok, unchanged, or a failure code)."},
      {"ytmonitor_poll_duration_seconds", "Time to fetch and record one channel's feed."},
      {"ytmonitor_videos_total_by_outcome", "Videos finished by this process, by outcome."},
      {"ytmonitor_video_duration_seconds", "Time to take one video through the pipeline."},
  };
  return help;
}

std::string store_metrics(const nlohmann::json& report, const store::SpendSummary& all_time) {
  std::ostringstream out;
  out << "# HELP ytmonitor_health_check 1 when the check passes (or only warns), 0 when it fails.\n"
      << "# TYPE ytmonitor_health_check gauge\n";
  for (const auto& c : report["health"]) {
    const bool failed = c["level"] == "fail" && c["required"].get<bool>();
    out << "ytmonitor_health_check{check=\"" << c["check"].get<std::string>() << "\"} " << (failed ? 0 : 1) << "\n";
  }
  const auto feeds = report.value("youtube_feeds", nlohmann::json::object());
  out << "# HELP ytmonitor_youtube_feeds_failing 1 while YouTube's feeds fail for every channel (an outage).\n"
      << "# TYPE ytmonitor_youtube_feeds_failing gauge\n"
      << "ytmonitor_youtube_feeds_failing " << (feeds.value("failing", false) ? 1 : 0) << "\n";
  if (feeds.value("failing", false)) {
    out << "# HELP ytmonitor_youtube_feeds_failing_since_seconds When the feeds began to fail (Unix time).\n"
        << "# TYPE ytmonitor_youtube_feeds_failing_since_seconds gauge\n"
        << "ytmonitor_youtube_feeds_failing_since_seconds " << feeds.value("since_unix", 0LL) << "\n";
  }
  out << "# HELP ytmonitor_queue_videos Videos in the store by state.\n# TYPE ytmonitor_queue_videos gauge\n";
  for (const auto& [state, count] : report["videos"].items()) {
    out << "ytmonitor_queue_videos{state=\"" << state << "\"} " << count.get<long long>() << "\n";
  }
  out << "# HELP ytmonitor_videos_by_failure Waiting, skipped or failed videos by their last failure code.\n"
      << "# TYPE ytmonitor_videos_by_failure gauge\n";
  for (const auto& [code, count] : report["failures"].items()) {
    out << "ytmonitor_videos_by_failure{code=\"" << code << "\"} " << count.get<long long>() << "\n";
  }
  out << "# HELP ytmonitor_model_calls_total Model calls recorded in the store.\n"
      << "# TYPE ytmonitor_model_calls_total counter\n"
      << "ytmonitor_model_calls_total{ok=\"true\"} " << all_time.calls - all_time.failed_calls << "\n"
      << "ytmonitor_model_calls_total{ok=\"false\"} " << all_time.failed_calls << "\n"
      << "# HELP ytmonitor_model_calls_abandoned_total Model calls cut off by a stop or kill (among ok=false), "
         "counted in spend at their estimated cost.\n"
      << "# TYPE ytmonitor_model_calls_abandoned_total counter\n"
      << "ytmonitor_model_calls_abandoned_total " << all_time.abandoned_calls << "\n"
      << "# HELP ytmonitor_model_tokens_total Tokens sent to and received from the model.\n"
      << "# TYPE ytmonitor_model_tokens_total counter\n"
      << "ytmonitor_model_tokens_total{direction=\"input\"} " << all_time.input_tokens << "\n"
      << "ytmonitor_model_tokens_total{direction=\"output\"} " << all_time.output_tokens << "\n"
      << "# HELP ytmonitor_model_cost_usd_total Model spend in US dollars (as reported or estimated).\n"
      << "# TYPE ytmonitor_model_cost_usd_total counter\n"
      << "ytmonitor_model_cost_usd_total " << all_time.cost_usd << "\n";
  out << "# HELP ytmonitor_notifications Notifications in the outbox by state.\n"
      << "# TYPE ytmonitor_notifications gauge\n";
  for (const char* state : {"pending", "failed", "sent"}) {
    out << "ytmonitor_notifications{state=\"" << state << "\"} " << report["notifications"][state].get<long long>()
        << "\n";
  }
  return out.str();
}

// A document the store recorded, as Markdown: feed.xml's related links point here. Only recorded
// paths are served, so nothing else in output_dir, or beyond it, can be asked for.
std::optional<std::string> recorded_document(const store::Store& store, const std::string& output_dir,
                                             std::string_view path) {
  if (!path.starts_with('/')) return std::nullopt;
  path.remove_prefix(1);
  const auto documents = store.documents();
  if (std::none_of(documents.begin(), documents.end(), [&](const auto& d) { return d.path == path; })) {
    return std::nullopt;
  }
  auto dir = render::OutputDir::open(output_dir);
  if (!dir) return std::nullopt;
  auto text = dir->read(path);
  if (!text || !*text) return std::nullopt;
  return std::move(**text);
}

net::ServerResponse reply(int status, std::string content_type, std::string body) {
  net::ServerResponse r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.headers.push_back({"Cache-Control", "no-store"});
  return r;
}

}  // namespace

StatusServer::StatusServer(asio::io_context& io, BlockingPool& pool, store::Store& store, const config::Loaded& loaded,
                           const DaemonView& daemon, Pauses& pauses)
    : io_(io), pool_(pool), store_(store), loaded_(loaded), daemon_(daemon), pauses_(pauses) {}

StatusServer::~StatusServer() { stop(); }

void StatusServer::start(const std::string& listen) {
  if (listen.empty()) return;
  try {
    server_ = std::make_unique<net::HttpServer>(io_.get_executor(), listen,
                                                [this](const net::ServerRequest& r) { return handle(r); });
    server_->start();
    auto colon = listen.rfind(':');
    spdlog::info("status page on http://{}:{}/", listen.substr(0, colon), server_->local_port());
  } catch (const std::exception& e) {
    spdlog::error("status page not available: {} (status.listen: {})", e.what(), listen);
    server_.reset();
  }
}

void StatusServer::stop() {
  if (server_) server_->stop();
}

asio::awaitable<nlohmann::json> StatusServer::report() {
  const auto& subscriptions = loaded_.subscriptions;
  auto r = co_await pool_.run([&] { return status_report(store_, subscriptions, now_unix()); });
  r["health"] = daemon_.health_checks();
  r["paused"] = pauses_.to_json(now_unix());
  r["ytdlp_update"] = daemon_.ytdlp_update();
  r["youtube_feeds"] = feeds_ ? feeds_() : nlohmann::json{{"failing", false}};
  add_unresolved_reasons(r);
  co_return r;
}

asio::awaitable<std::string> StatusServer::one_line() {
  auto r = co_await report();
  const auto& v = r["videos"];
  std::string line = std::to_string(r["channels"].size()) + " channels, " +
                     std::to_string(v["queued"].get<long long>() + v["waiting"].get<long long>()) + " queued, " +
                     std::to_string(daemon_.busy_workers()) + " processing, " + std::to_string(v["done"].get<long long>()) +
                     " done, " + std::to_string(v["failed"].get<long long>()) + " failed";
  if (auto paused = daemon_.paused_reason(); !paused.empty()) line += "; paused: " + paused;
  co_return line;
}

asio::awaitable<net::ServerResponse> StatusServer::handle(net::ServerRequest request) {
  if (request.path == "/healthz") co_return reply(200, "text/plain; charset=utf-8", "ok\n");
  if (request.path == "/api/status") {
    auto r = co_await report();
    co_return reply(200, "application/json", r.dump() + "\n");
  }
  if (request.path == "/metrics") {
    auto r = co_await report();
    auto all_time = co_await pool_.run([&] { return store_.spend_since(0); });
    co_return reply(200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics().render(metric_help()) + store_metrics(r, all_time) + spend_metrics(all_time));
  }
  if (request.path == "/search") {
    auto words = request.param("q");
    auto channel = request.param("channel");
    constexpr int videos_shown = 20;
    auto videos = co_await pool_.run([&] {
      return words.empty()
                 ? std::vector<store::VideoMatches>()
                 : store::group_by_video(
                       store_.search({words, channel, std::nullopt, store::passages_for_videos(videos_shown)}),
                       videos_shown);
    });
    co_return reply(200, "text/html; charset=utf-8", search_page(words, channel, videos));
  }
  if (request.path == "/feed.xml") {
    auto xml = co_await pool_.run([&] { return render::feed_xml(store_, loaded_.config); });
    co_return reply(200, "application/atom+xml; charset=utf-8", std::move(xml));
  }
  if (request.path == "/" || request.path == "/index.html") {
    auto r = co_await report();
    co_return reply(200, "text/html; charset=utf-8", status_page(r, daemon_.paused_reason()));
  }
  if (request.path.ends_with(".md")) {
    const auto path = request.path;
    const auto output_dir = loaded_.config.output_dir.string();
    auto markdown = co_await pool_.run([&] { return recorded_document(store_, output_dir, path); });
    if (markdown) co_return reply(200, "text/markdown; charset=utf-8", std::move(*markdown));
  }
  co_return reply(404, "text/plain; charset=utf-8", "not found\n");
}

}  // namespace ytm::status
