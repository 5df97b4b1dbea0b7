// The client proper: builds requests, follows redirects and keeps idle connections per host.
#include "net/http_client.hpp"

#include "net/detail/connection.hpp"
#include "net/detail/strings.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <unordered_map>

namespace ytm::net {

using detail::Clock;
using detail::Connection;
using detail::iequals;
using detail::Target;
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

// Methods that may be sent twice. Only these reuse an idle connection, because a kept-alive
// connection the server has just closed fails before any answer and the request is then
// repeated on a fresh one; a POST to a paid API must never run twice.
bool idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" || method == "DELETE";
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Credentials must not follow a redirect to another origin.
void drop_secrets(std::vector<Header>& headers) {
  static constexpr std::array<std::string_view, 5> secret = {"authorization", "proxy-authorization", "cookie",
                                                             "x-api-key", "api-key"};
  std::erase_if(headers, [](const Header& h) {
    return std::any_of(secret.begin(), secret.end(), [&](std::string_view s) { return iequals(h.name, s); });
  });
}

Outcome<Target> resolve_location(const Target& base, const std::string& location) {
  auto ref = boost::urls::parse_uri_reference(location);
  if (!ref)
    return Failure::permanent(FailureCode::bad_url, base.shown + ": redirect to an unreadable Location '" + location + "'");
  boost::urls::url next;
  auto base_url = boost::urls::parse_uri(base.shown);
  if (!base_url || !boost::urls::resolve(*base_url, *ref, next)) {
    return Failure::permanent(FailureCode::bad_url, base.shown + ": cannot resolve redirect Location '" + location + "'");
  }
  next.remove_fragment();
  return detail::parse_target(next.buffer());
}

http::request<http::string_body> build(const HttpRequest& r, const Target& t, bool absolute_form,
                                       const ClientOptions& options) {
  http::request<http::string_body> req;
  req.version(11);
  req.method_string(r.method);
  req.target(absolute_form ? t.shown : t.target);
  req.set(http::field::host, t.host_header);
  req.set(http::field::user_agent, options.user_agent);
  req.set(http::field::accept, "*/*");
  for (const auto& h : r.headers) {
    if (iequals(h.name, "Host") || iequals(h.name, "Content-Length") || iequals(h.name, "Transfer-Encoding")) continue;
    if (iequals(h.name, "User-Agent") || iequals(h.name, "Accept")) {
      req.set(h.name, h.value);
    } else {
      req.insert(h.name, h.value);
    }
  }
  if (!r.body.empty() || r.method == "POST" || r.method == "PUT" || r.method == "PATCH") {
    req.body() = r.body;
    req.prepare_payload();
  }
  return req;
}

}  // namespace

class HttpClient::Impl {
 public:
  Impl(asio::any_io_executor executor, ClientOptions options)
      : executor_(std::move(executor)), options_(std::move(options)), proxy_(detail::parse_proxy(options_.proxy)) {
    if (!options_.ca_file.empty()) tls_context();  // a bad ca_file is reported at once, not on the first https
  }

  asio::awaitable<Outcome<HttpResponse>> request(HttpRequest r);
  [[nodiscard]] const asio::any_io_executor& executor() const { return executor_; }
  [[nodiscard]] std::size_t idle_count() const {
    std::size_t n = 0;
    for (const auto& [key, list] : idle_) n += list.size();
    return n;
  }

 private:
  // r points into request's frame, which awaits fetch at once.
  asio::awaitable<Outcome<HttpResponse>> fetch(const HttpRequest* r, Target t, Clock::time_point deadline);
  asio::awaitable<Outcome<std::unique_ptr<Connection>>> open(Target t, std::chrono::milliseconds timeout,
                                                             Clock::time_point deadline);
  asio::ssl::context& tls_context();
  std::unique_ptr<Connection> take_idle(const std::string& key);
  void keep_idle(const std::string& key, std::unique_ptr<Connection> c);

  asio::any_io_executor executor_;
  ClientOptions options_;
  std::optional<detail::Proxy> proxy_;
  // Made on the first https request: loading the system CA store costs about 4 MB and 20 ms,
  // which a client that polls plain http (tests, a local mirror) never needs.
  std::optional<asio::ssl::context> tls_;
  std::unordered_map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
};

asio::awaitable<Outcome<HttpResponse>> HttpClient::Impl::request(HttpRequest r) {
  auto deadline = Clock::now() + r.timeout;
  auto target = detail::parse_target(r.url);
  if (!target) co_return target.failure();
  const std::string first_url = target->shown;  // without any user:password@ the caller's URL had
  for (int redirects = 0;; ++redirects) {
    auto response = co_await fetch(&r, *target, deadline);
    if (!response) co_return response;
    auto location = is_redirect(response->status) ? response->header("Location") : std::nullopt;
    if (!location || r.max_redirects <= 0) {
      response->final_url = target->shown;
      co_return response;
    }
    if (redirects == r.max_redirects) {
      co_return Failure::permanent(FailureCode::too_many_redirects, first_url + ": more than " + std::to_string(r.max_redirects) +
                                                             " redirects (last to " + target->shown + ")");
    }
    auto next = resolve_location(*target, *location);
    if (!next) co_return next.failure();
    if (response->status == 303 || ((response->status == 301 || response->status == 302) && r.method == "POST")) {
      if (r.method != "HEAD") r.method = "GET";
      r.body.clear();
    }
    if (next->tls != target->tls || next->host != target->host || next->port != target->port) drop_secrets(r.headers);
    target = std::move(next);
  }
}

asio::awaitable<Outcome<HttpResponse>> HttpClient::Impl::fetch(const HttpRequest* r, Target t,
                                                               Clock::time_point deadline) {
  auto message = build(*r, t, proxy_ && !t.tls, options_);
  detail::ExchangeLimits limits{deadline, r->timeout, r->first_byte_timeout.value_or(options_.header_timeout),
                                r->max_body_bytes};
  auto key = t.pool_key();
  auto connection = idempotent(r->method) ? take_idle(key) : nullptr;
  if (connection) {
    auto ex = co_await detail::exchange(connection.get(), &message, t.shown, limits);
    if (!ex.failure) {
      if (ex.keep_alive) keep_idle(key, std::move(connection));
      co_return std::move(ex.response);
    }
    if (!ex.nothing_received || ex.failure->code == FailureCode::cancelled || ex.failure->code == FailureCode::timeout) co_return *ex.failure;
    connection.reset();  // the server had closed it while idle: try once on a fresh one
  }
  auto opened = co_await open(t, r->timeout, deadline);
  if (!opened) co_return opened.failure();
  connection = std::move(*opened);
  auto ex = co_await detail::exchange(connection.get(), &message, t.shown, limits);
  if (ex.failure) co_return *ex.failure;
  if (ex.keep_alive) keep_idle(key, std::move(connection));
  co_return std::move(ex.response);
}

asio::awaitable<Outcome<std::unique_ptr<Connection>>> HttpClient::Impl::open(Target t,
                                                                             std::chrono::milliseconds timeout,
                                                                             Clock::time_point deadline) {
  auto connect_deadline = std::min(deadline, Clock::now() + options_.connect_timeout);
  auto binding = std::min(options_.connect_timeout, timeout);
  co_return co_await detail::open_connection(executor_, t, proxy_ ? &*proxy_ : nullptr,
                                             t.tls ? &tls_context() : nullptr, {connect_deadline, binding});
}

asio::ssl::context& HttpClient::Impl::tls_context() {
  if (tls_) return *tls_;
  asio::ssl::context context(asio::ssl::context::tls_client);
  context.set_default_verify_paths();
  if (!options_.ca_file.empty()) {
    boost::system::error_code ec;
    context.load_verify_file(options_.ca_file, ec);
    if (ec) throw std::runtime_error("cannot load CA file " + options_.ca_file + ": " + ec.message());
  }
  context.set_options(asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1);
  return tls_.emplace(std::move(context));
}

std::unique_ptr<Connection> HttpClient::Impl::take_idle(const std::string& key) {
  auto it = idle_.find(key);
  if (it == idle_.end()) return nullptr;
  auto& list = it->second;
  auto too_old = Clock::now() - options_.idle_timeout;
  std::erase_if(list, [&](const auto& c) { return c->idle_since < too_old; });
  if (list.empty()) return nullptr;
  auto c = std::move(list.back());
  list.pop_back();
  return c;
}

void HttpClient::Impl::keep_idle(const std::string& key, std::unique_ptr<Connection> c) {
  auto too_old = Clock::now() - options_.idle_timeout;
  for (auto& [k, list] : idle_) std::erase_if(list, [&](const auto& old) { return old->idle_since < too_old; });
  std::erase_if(idle_, [](const auto& entry) { return entry.second.empty(); });
  if (options_.max_idle_per_host == 0) return;
  auto& list = idle_[key];
  if (list.size() >= options_.max_idle_per_host) list.erase(list.begin());  // the oldest goes
  c->idle_since = Clock::now();
  list.push_back(std::move(c));
}

HttpClient::HttpClient(asio::any_io_executor executor, ClientOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options))) {}

HttpClient::~HttpClient() = default;

asio::awaitable<Outcome<HttpResponse>> HttpClient::request(HttpRequest request) {
  auto impl = impl_;  // the request keeps the pool and TLS context alive while it runs
  co_return co_await impl->request(std::move(request));
}

void HttpClient::set_options(ClientOptions options) {
  impl_ = std::make_shared<Impl>(impl_->executor(), std::move(options));
}

std::size_t HttpClient::idle_connections() const { return impl_->idle_count(); }

}  // namespace ytm::net
