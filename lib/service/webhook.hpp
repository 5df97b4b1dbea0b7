#pragma once
// One notification per finished document (notify.webhook_url): a JSON POST for generic webhooks;
// for an ntfy topic URL the same goes as ntfy's title, message and click-through link.
// Sent in the background with retries; a failure is logged and never holds up the pipeline.
#include <boost/asio/io_context.hpp>

#include <string>

#include "config/config.hpp"
#include "pipeline/result.hpp"

namespace ytm::net {
class HttpClient;
}

namespace ytm::service {

void send_webhook(boost::asio::io_context& io, net::HttpClient& http, const config::NotifySettings& settings,
                  const pipeline::VideoResult& result, const std::string& document_path);

}  // namespace ytm::service
