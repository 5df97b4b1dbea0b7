#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <cstdio>

#include "command.hpp"
#include "feed/channel_page.hpp"
#include "feed/channel_ref.hpp"
#include "net/http_client.hpp"

namespace ytm::cli {
namespace {

boost::asio::awaitable<Outcome<feed::ChannelPage>> fetch_and_parse(net::HttpClient& http, std::string url,
                                                                   std::chrono::milliseconds timeout) {
  net::HttpRequest request;
  request.url = std::move(url);
  request.timeout = timeout;
  request.headers.push_back({"Cookie", "SOCS=CAI; CONSENT=YES+"});
  auto response = co_await http.request(request);
  if (!response) co_return response.failure();
  if (response->status != 200) {
    co_return Failure::permanent("http_" + std::to_string(response->status),
                                 request.url + " answered HTTP " + std::to_string(response->status));
  }
  co_return feed::parse_channel_page(response->body);
}

int resolve(const GlobalOptions& global, const std::string& input) {
  auto loaded = load_config(global);
  if (!loaded) return exit_failure;
  const auto& c = loaded->config;
  auto ref = feed::parse_channel_ref(input);
  if (!ref) {
    std::fprintf(stderr, "ytmonitor resolve: %s\n", ref.failure().message.c_str());
    return exit_failure;
  }
  boost::asio::io_context io(1);
  net::ClientOptions options;
  options.proxy = c.youtube.proxy;
  net::HttpClient http(io.get_executor(), options);
  auto done = boost::asio::co_spawn(
      io, fetch_and_parse(http, feed::page_url(c.youtube.base_url, *ref), c.youtube.request_timeout),
      boost::asio::use_future);
  io.run();
  auto page = done.get();
  if (!page) {
    std::fprintf(stderr, "ytmonitor resolve: %s\n", page.failure().message.c_str());
    return exit_failure;
  }
  std::printf("%s\t%s\n", page->channel_id.c_str(), page->title.c_str());
  return exit_ok;
}

}  // namespace

void add_resolve(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto* cmd = app.add_subcommand("resolve", "print the channel id and title of an @handle, channel URL or video URL");
  static std::string input;
  cmd->add_option("channel", input, "@handle, channel URL or video URL")->required();
  cmd->callback([&action, &global] { action = [&global] { return resolve(global, input); }; });
}

}  // namespace ytm::cli
