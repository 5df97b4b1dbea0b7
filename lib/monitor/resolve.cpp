#include "monitor/resolve.hpp"

#include "feed/channel_ref.hpp"
#include "net/http_client.hpp"

namespace ytm::monitor {

namespace {

Failure unresolved(const std::string& source, Failure failure) {
  failure.message = "cannot resolve " + source + ": " + failure.message;
  return failure;
}

// A page that is not there, in the words of what was given: a handle nobody has is not a channel
// "that may be gone, or whose id is wrong".
std::string missing_page(const feed::ChannelRef& ref) {
  switch (ref.kind) {
    case feed::ChannelRef::handle:
      return "YouTube has no channel with the handle @" + ref.value + " (its page answers 404)";
    case feed::ChannelRef::channel_id:
      return "YouTube has no channel with the id " + ref.value + " (its page answers 404)";
    case feed::ChannelRef::custom:
    case feed::ChannelRef::user: return "YouTube has no channel named " + ref.value + " (its page answers 404)";
    case feed::ChannelRef::video: return "YouTube has no video " + ref.value + " to find the channel by (404)";
  }
  return describe_status(404);
}

}  // namespace

std::string describe_status(int status) {
  switch (status) {
    case 404: return "the feed was not found (404): the channel may be gone, or its id is wrong";
    case 429: return "YouTube is rate-limiting us (429)";
    case 403: return "YouTube refused the request (403)";
    default: return "YouTube answered HTTP " + std::to_string(status);
  }
}

boost::asio::awaitable<Outcome<feed::ChannelPage>> resolve_channel(net::HttpClient* http,
                                                                   config::YoutubeSettings youtube,
                                                                   std::string source) {
  auto ref = feed::parse_channel_ref(source);
  if (!ref) co_return ref.failure();
  net::HttpRequest request;
  request.url = feed::page_url(youtube.base_url, *ref);
  request.timeout = youtube.request_timeout;
  request.first_byte_timeout = first_byte_timeout;
  request.headers.push_back({"Cookie", "SOCS=CAI; CONSENT=YES+"});
  auto response = co_await http->request(request);
  if (!response) co_return unresolved(source, response.failure());
  if (const int status = response->status; status != 200) {
    // A rate limit or a server's trouble passes; a page that is not there stays so.
    const bool passes = status == 429 || status >= 500;
    if (status == 404) co_return unresolved(source, Failure::http(FailureKind::permanent, status, missing_page(*ref)));
    co_return unresolved(source, Failure::http(passes ? FailureKind::transient : FailureKind::permanent, status,
                                               describe_status(status)));
  }
  auto page = feed::parse_channel_page(response->body);
  if (!page) co_return unresolved(source, page.failure());
  co_return page;
}

}  // namespace ytm::monitor
