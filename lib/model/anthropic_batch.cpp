#include <boost/asio/any_io_executor.hpp>

#include "core/time.hpp"
#include "core/utf8.hpp"
#include "model/anthropic.hpp"
#include "model/batch_api.hpp"
#include "model/http_transport.hpp"

namespace ytm::model {

namespace asio = boost::asio;
using nlohmann::json;

std::vector<json> jsonl_lines(std::string_view jsonl) {
  std::vector<json> out;
  while (!jsonl.empty()) {
    const auto end = jsonl.find('\n');
    const std::string_view line = jsonl.substr(0, end);
    json parsed = json::parse(valid_utf8(line), nullptr, false);
    if (parsed.is_object()) out.push_back(std::move(parsed));
    if (end == std::string_view::npos) break;
    jsonl.remove_prefix(end + 1);
  }
  return out;
}

Outcome<BatchStatus> parse_anthropic_batch(int status, std::string_view body,
                                           std::optional<std::chrono::seconds> retry_after, const CallContext& context) {
  if (status != 200) return parse_anthropic_response(status, body, retry_after, context).failure();
  auto answer = answer_object(body, context);
  if (!answer) return answer.failure();
  BatchStatus out;
  out.status = string_at(*answer, "processing_status");
  out.ended = out.status == "ended";
  out.results = string_at(*answer, "results_url");
  if (string_at(*answer, "id").empty() || out.status.empty()) {
    return Failure::transient(FailureCode::server_error, context.endpoint + " answered a batch without id or processing_status");
  }
  return out;
}

namespace {

// An errored request's error as the HTTP status the same error has on an interactive call.
int status_of(const std::string& type) {
  if (type == "invalid_request_error") return 400;
  if (type == "authentication_error") return 401;
  if (type == "permission_error") return 403;
  if (type == "not_found_error") return 404;
  if (type == "request_too_large") return 413;
  if (type == "rate_limit_error") return 429;
  if (type == "overloaded_error") return 529;
  return 500;  // api_error and what comes later
}

ItemResult anthropic_item(const json& line, const CallContext& context) {
  ItemResult item;
  item.custom_id = string_at(line, "custom_id");
  const json& result = object_at(line, "result");
  const std::string type = string_at(result, "type");
  if (type == "succeeded") {
    item.reply = parse_anthropic_response(200, dump_json(object_at(result, "message")), std::nullopt, context);
    item.end = item.reply ? ItemEnd::answered : ItemEnd::failed;
  } else if (type == "errored") {
    // {"type":"error","error":{"type":"overloaded_error","message":…}}, as an interactive error body.
    const json& body = object_at(result, "error");
    const std::string kind = string_at(object_at(body, "error"), "type");
    item.reply = parse_anthropic_response(status_of(kind), dump_json(body), std::nullopt, context).failure();
    item.end = ItemEnd::failed;
  } else {
    item.end = ItemEnd::dropped;  // canceled, expired: not run, not paid
    item.reply = Failure::transient(type == "expired" ? FailureCode::batch_expired : FailureCode::batch_cancelled,
                                    context.endpoint + ": the batch " + (type.empty() ? "dropped" : type) +
                                        " the request before it ran");
  }
  return item;
}

}  // namespace

std::vector<ItemResult> parse_anthropic_results(std::string_view jsonl, const CallContext& context) {
  std::vector<ItemResult> out;
  for (const json& line : jsonl_lines(jsonl)) out.push_back(anthropic_item(line, context));
  return out;
}

namespace {

// Results can be many answers of a few hundred kilobytes; Anthropic caps a batch at 256 MB.
constexpr std::size_t max_results_bytes = std::size_t{256} << 20;

class AnthropicBatchApi final : public BatchApi {
 public:
  AnthropicBatchApi(asio::any_io_executor executor, const config::ModelSettings& settings)
      : settings_(settings), http_(std::move(executor), model_client_options(settings)) {
    base_url_ = settings.base_url.empty() ? anthropic_default_base_url : settings.base_url;
    context_ = CallContext{settings.name, false, key_variable(settings.api_key_env, "ANTHROPIC_API_KEY"),
                           "the Anthropic Message Batches API at " + base_url_, settings.prices, true};
  }

  asio::awaitable<Outcome<BatchSent>> create(std::string /*tag: Anthropic keeps no metadata*/,
                                             std::vector<BatchItem> items) override {
    json requests = json::array();
    for (const auto& item : items) {
      requests.push_back({{"custom_id", item.custom_id}, {"params", anthropic_request_body(settings_.name, item.request)}});
    }
    json body;
    body["requests"] = std::move(requests);
    auto response = co_await call("POST", "/v1/messages/batches", dump_json(body), settings_.timeout);
    if (!response) co_return response.failure();
    auto status = parse_anthropic_batch(response->status, response->body, retry_after(*response), context_);
    if (!status) co_return status.failure();
    co_return BatchSent{string_at(json::parse(response->body, nullptr, false), "id"), ""};
  }

  asio::awaitable<Outcome<std::vector<ListedBatch>>> listed_since(UnixTime since) override {
    std::vector<ListedBatch> out;
    std::string cursor;
    do {
      auto response = co_await call("GET", "/v1/messages/batches" + list_query(cursor, "after_id"), "", std::chrono::minutes(1));
      if (!response) co_return response.failure();
      auto page = parse_anthropic_batch_list(response->status, response->body, context_);
      if (!page) co_return page.failure();
      cursor = take_page(out, std::move(*page), since);
    } while (!cursor.empty());
    co_return out;
  }

  asio::awaitable<Outcome<BatchStatus>> poll(std::string server_id) override {
    co_return co_await status_call("GET", "/v1/messages/batches/" + server_id);
  }

  asio::awaitable<Outcome<BatchStatus>> cancel(std::string server_id) override {
    co_return co_await status_call("POST", "/v1/messages/batches/" + server_id + "/cancel");
  }

  asio::awaitable<Outcome<std::vector<ItemResult>>> results(BatchStatus ended) override {
    // The results' address is the batch's results_url; it may point elsewhere than base_url.
    auto key = api_key(context_.key_env);
    if (!key) co_return key.failure();
    ApiRequest request{"GET", JsonPost{ended.results, headers(*key), "", settings_.timeout}, "", max_results_bytes};
    auto response = co_await send_api(&http_, std::move(request));
    if (!response) co_return transport_failure(response.failure(), context_);
    if (response->status != 200) {
      co_return parse_anthropic_response(response->status, response->body, retry_after(*response), context_).failure();
    }
    co_return parse_anthropic_results(response->body, context_);
  }

  [[nodiscard]] std::string api() const override { return "anthropic"; }

 private:
  static std::vector<net::Header> headers(const std::string& key) {
    return {{"x-api-key", key}, {"anthropic-version", anthropic_version}};
  }

  asio::awaitable<Outcome<net::HttpResponse>> call(std::string method, std::string path, std::string body,
                                                   std::chrono::milliseconds timeout) {
    auto key = api_key(context_.key_env);
    if (!key) co_return key.failure();
    ApiRequest request{method, JsonPost{endpoint_url(base_url_, path), headers(*key), std::move(body), timeout},
                       method == "POST" ? "application/json" : ""};
    auto response = co_await send_api(&http_, std::move(request));
    if (!response) co_return transport_failure(response.failure(), context_);
    co_return response;
  }

  asio::awaitable<Outcome<BatchStatus>> status_call(std::string method, std::string path) {
    // A status is small and quick: a minute is plenty, and a stalled poll must not hold the loop.
    auto response = co_await call(method, path, method == "POST" ? "{}" : "", std::chrono::minutes(1));
    if (!response) co_return response.failure();
    co_return parse_anthropic_batch(response->status, response->body, retry_after(*response), context_);
  }

  static std::optional<std::chrono::seconds> retry_after(const net::HttpResponse& response) {
    return net::retry_after(response);
  }

  config::ModelSettings settings_;
  std::string base_url_;
  CallContext context_;
  net::HttpClient http_;
};

}  // namespace

std::unique_ptr<BatchApi> make_anthropic_batch_api(asio::any_io_executor executor,
                                                   const config::ModelSettings& settings) {
  return std::make_unique<AnthropicBatchApi>(std::move(executor), settings);
}

}  // namespace ytm::model
