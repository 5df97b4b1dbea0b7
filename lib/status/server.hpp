#pragma once
// The status page (/), /api/status, /metrics, /healthz and /feed.xml on status.listen. Read-only.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "config/loader.hpp"
#include "core/blocking.hpp"
#include "status/daemon_view.hpp"
#include "store/store.hpp"

namespace ytm::net {
class HttpServer;
struct ServerRequest;
struct ServerResponse;
}  // namespace ytm::net

namespace ytm {
class Pauses;
}

namespace ytm::status {

class StatusServer {
 public:
  // The page's "health" and "paused" come from daemon and pauses.
  StatusServer(boost::asio::io_context& io, BlockingPool& pool, store::Store& store, const config::Loaded& loaded,
               const DaemonView& daemon, Pauses& pauses);
  ~StatusServer();

  void start(const std::string& listen);  // "" turns it off; a busy port is logged, not fatal
  void stop();
  // What the monitor says of YouTube's feeds (monitor::Monitor::feeds_status), in "youtube_feeds".
  void set_feeds(std::function<nlohmann::json()> feeds) { feeds_ = std::move(feeds); }
  // "12 channels, 3 queued, 1 processing, 40 done, 2 failed" for systemd's STATUS=.
  boost::asio::awaitable<std::string> one_line();

 private:
  boost::asio::awaitable<net::ServerResponse> handle(net::ServerRequest request);
  boost::asio::awaitable<nlohmann::json> report();

  boost::asio::io_context& io_;
  BlockingPool& pool_;
  store::Store& store_;
  const config::Loaded& loaded_;
  const DaemonView& daemon_;
  Pauses& pauses_;
  std::unique_ptr<net::HttpServer> server_;
  std::function<nlohmann::json()> feeds_;
};

// The HTML page for a status report (phone-friendly, no scripts).
std::string status_page(const nlohmann::json& report, const std::string& paused_reason);
// The results of a search from the status page's search box (GET /search?q=…&channel=…).
std::string search_page(const std::string& words, const std::string& channel,
                        const std::vector<store::VideoMatches>& videos);
// Pieces the pages share: the head with the style sheet, and the search box.
std::string html_start(std::string_view title, bool refresh);
std::string search_form(std::string_view words, std::string_view channel);

}  // namespace ytm::status
