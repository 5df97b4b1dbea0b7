#include "service/webhook.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "core/spawn.hpp"
#include "net/http_client.hpp"

namespace ytm::service {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

constexpr int attempts = 4;

net::HttpRequest webhook_request(const config::NotifySettings& settings, const pipeline::VideoResult& r,
                                 const std::string& path) {
  net::HttpRequest request;
  request.method = "POST";
  request.url = settings.webhook_url;
  request.timeout = 15s;
  request.max_body_bytes = std::size_t{64} << 10;
  nlohmann::json body{{"title", r.video.title}, {"channel", r.video.channel}, {"path", path},
                      {"link", r.video.url},    {"video_id", r.video.id},     {"tldr", r.summary.tldr}};
  if (settings.webhook_url.find("ntfy") != std::string::npos) {
    // ntfy publishes the body as the message; title and link travel as headers.
    request.headers = {{"Title", r.video.channel + ": " + r.video.title},
                       {"Click", r.video.url},
                       {"Tags", "memo"},
                       {"Content-Type", "text/plain; charset=utf-8"}};
    request.body = r.summary.tldr.empty() ? path : r.summary.tldr;
  } else {
    request.headers = {{"Content-Type", "application/json"}};
    request.body = body.dump();
  }
  return request;
}

asio::awaitable<void> deliver(asio::io_context& io, net::HttpClient& http, net::HttpRequest request) {
  asio::steady_timer timer(io);
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    auto response = co_await http.request(request);
    if (response && response->status < 300) co_return;
    auto why = response ? "HTTP " + std::to_string(response->status) : response.failure().message;
    spdlog::warn("notification to the webhook failed (attempt {} of {}): {}", attempt, attempts, why);
    timer.expires_after(std::chrono::seconds(5 << attempt));
    co_await timer.async_wait(asio::use_awaitable);
  }
}

}  // namespace

void send_webhook(asio::io_context& io, net::HttpClient& http, const config::NotifySettings& settings,
                  const pipeline::VideoResult& result, const std::string& document_path) {
  spawn_logged(io.get_executor(), deliver(io, http, webhook_request(settings, result, document_path)),
               "notification (abandoned)");
}

}  // namespace ytm::service
