#include "sponsorblock/lookup.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/blocking.hpp"
#include "core/duration.hpp"
#include "net/http_client.hpp"
#include "pipeline/measure.hpp"
#include "sponsorblock/segments.hpp"
#include "store/store.hpp"

namespace ytm::sponsorblock {
namespace {

namespace asio = boost::asio;

std::string comma_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::string ranges(const std::vector<SponsorSegment>& segments) {
  std::string out;
  for (const auto& s : segments) {
    out += (out.empty() ? "" : ", ") + s.category + " " + format_clock(std::chrono::seconds(std::lround(s.start))) +
           "–" + format_clock(std::chrono::seconds(std::lround(s.end)));
  }
  return out.empty() ? "none" : out;
}

pipeline::SponsorReport used(const config::SponsorblockSettings& settings, std::vector<SponsorSegment> segments) {
  return {pipeline::SponsorState::used, settings.action, "", std::move(segments), 0};
}

pipeline::SponsorReport unavailable(const config::SponsorblockSettings& settings, std::string problem) {
  return {pipeline::SponsorState::unavailable, settings.action, std::move(problem), {}, 0};
}

// Built outside the coroutine: GCC 12 mishandles braced lists of string literals in coroutine frames.
net::HttpRequest lookup_request(const config::SponsorblockSettings& settings, const std::string& video_id) {
  net::HttpRequest request;
  request.url = lookup_url(settings.base_url, video_id, settings.categories);
  request.timeout = settings.timeout;
  request.first_byte_timeout = settings.timeout;
  request.max_body_bytes = max_answer_bytes;
  request.headers.push_back({"Accept", "application/json"});
  return request;
}

// One request, never retried: a video waits at most sponsorblock.timeout for it.
asio::awaitable<pipeline::SponsorReport> ask(net::HttpClient* http, config::SponsorblockSettings settings,
                                             std::string video_id, double duration) {
  auto response = co_await http->request(lookup_request(settings, video_id));
  if (!response) co_return unavailable(settings, response.failure().code_text());
  if (response->status == 404) co_return used(settings, {});  // no segments in any video of the bucket
  if (response->status != 200) co_return unavailable(settings, "HTTP " + std::to_string(response->status));
  auto segments = read_answer(response->body, video_id, duration, settings.categories);
  if (!segments) co_return unavailable(settings, "an answer that is not SponsorBlock's JSON");
  co_return used(settings, std::move(*segments));
}

}  // namespace

asio::awaitable<pipeline::SponsorReport> look_up(BlockingPool* pool, store::Store* store, net::HttpClient* http,
                                                 config::SponsorblockSettings settings, std::string video_id,
                                                 double duration, UnixTime now) {
  if (settings.categories.empty()) co_return pipeline::SponsorReport{};
  const std::string categories = comma_list(settings.categories);
  auto cached = co_await pool->run([&] { return store->sponsor_lookup(video_id); });
  if (cached && cached->categories != categories) cached.reset();
  if (cached && now - cached->checked_at < recheck_after_seconds) {
    co_return used(settings, segments_from_json(cached->segments));
  }
  auto report = co_await ask(http, settings, video_id, duration);
  if (report.state != pipeline::SponsorState::used) {
    // An older answer beats none: segments are rarely taken back.
    if (cached) co_return used(settings, segments_from_json(cached->segments));
    spdlog::warn("{}: SponsorBlock unavailable ({}); going on without its segments", video_id, report.problem);
    co_return report;
  }
  spdlog::info("{}: SponsorBlock segments: {}", video_id, ranges(report.segments));
  const store::SponsorLookup lookup{video_id, now, categories, segments_json(report.segments), 0};
  co_await pool->run([&] { store->save_sponsor_lookup(lookup); });
  co_return report;
}

void apply(pipeline::SponsorReport& report, std::vector<pipeline::Segment>& segments) {
  if (report.action != config::SponsorAction::skip || report.segments.empty()) return;
  auto inside = [&](const pipeline::Segment& line) {
    const double length = std::max(line.end - line.start, 0.001);
    return std::any_of(report.segments.begin(), report.segments.end(), [&](const SponsorSegment& s) {
      const double overlap = std::min(line.end, s.end) - std::max(line.start, s.start);
      return overlap > length / 2;
    });
  };
  int tokens = 0;
  std::erase_if(segments, [&](const pipeline::Segment& line) {
    if (!inside(line)) return false;
    if (!line.marker) tokens += pipeline::estimate_tokens(line.text);
    return true;
  });
  report.tokens_saved = tokens;
}

}  // namespace ytm::sponsorblock
