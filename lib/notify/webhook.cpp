#include "notify/webhook.hpp"

#include <nlohmann/json.hpp>

#include "net/http_client.hpp"
#include "process/process.hpp"

namespace ytm::notify {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

net::HttpRequest webhook_request(const std::string& url, const store::Notification& n) {
  net::HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.timeout = 15s;
  request.max_body_bytes = std::size_t{64} << 10;
  if (url.find("ntfy") != std::string::npos) {
    // ntfy publishes the body as the message; title and link travel as headers.
    request.headers = {{"Title", n.channel.empty() ? n.title : n.channel + ": " + n.title},
                       {"Click", n.link},
                       {"Tags", "memo"},
                       {"Content-Type", "text/plain; charset=utf-8"}};
    request.body = n.body.empty() ? n.path : n.body;
  } else {
    nlohmann::json body{{"title", n.title}, {"channel", n.channel},  {"path", n.path},
                        {"link", n.link},   {"video_id", n.subject}, {"tldr", n.body}};
    request.headers = {{"Content-Type", "application/json"}};
    request.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return request;
}

}  // namespace

asio::awaitable<Status> send_webhook(net::HttpClient* http, std::string url, store::Notification n) {
  auto response = co_await http->request(webhook_request(url, n));
  if (!response) {
    const Failure& failed = response.failure();
    co_return Failure{FailureKind::transient, failed.code, "the request failed (" + failed.code_text() + ")",
                      std::nullopt, failed.http_status};
  }
  if (response->status >= 300) {
    co_return Failure::http(FailureKind::transient, response->status,
                            "the server answered HTTP " + std::to_string(response->status));
  }
  co_return success();
}

asio::awaitable<Status> send_apprise(asio::any_io_executor executor, std::string command, std::string url,
                                     store::Notification n) {
  process::ProcessSpec spec;
  auto title = n.channel.empty() ? n.title : n.channel + ": " + n.title;
  auto body = n.body.empty() ? n.link : n.body + "\n\n" + n.link;
  if (body.empty()) body = n.path;
  spec.argv = {command, "--title", title, "--body", body};
  spec.env = {{"APPRISE_URLS", url}, {"APPRISE_CONFIG", ""}};
  spec.timeout = 2min;
  spec.max_stdout = std::size_t{64} << 10;
  auto result = co_await process::run_process(executor, spec);
  if (!result) co_return result.failure();
  if (result->timed_out) co_return Failure::transient(FailureCode::timeout, "apprise did not finish within 2 minutes");
  if (result->exit_code != 0) {
    // Its output names the service and may hold the URL's secrets: not passed on.
    co_return Failure::transient(FailureCode::apprise_failed, "apprise exited with status " + std::to_string(result->exit_code) +
                                                       "; run apprise -vv by hand with the URL to see why");
  }
  co_return success();
}

}  // namespace ytm::notify
