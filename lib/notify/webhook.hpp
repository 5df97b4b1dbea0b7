#pragma once
// Sending one notification from the outbox: to notify.webhook_url (a JSON POST; for an ntfy topic
// URL the same as ntfy's title, message and click-through link), or to one Apprise URL through
// the apprise program (argv, never a shell; the URL goes in its environment, not on its command
// line, where every local user could read it). One try each: the outbox retries.
// Failure messages never contain the URL or what the service answered, which may echo it.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <string>

#include "core/failure.hpp"
#include "store/store.hpp"

namespace ytm::net {
class HttpClient;
}

namespace ytm::notify {

boost::asio::awaitable<Status> send_webhook(net::HttpClient* http, std::string url, store::Notification n);
boost::asio::awaitable<Status> send_apprise(boost::asio::any_io_executor executor, std::string command, std::string url,
                                            store::Notification n);

}  // namespace ytm::notify
