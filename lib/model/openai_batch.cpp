#include <boost/asio/any_io_executor.hpp>

#include <random>

#include "model/batch_api.hpp"
#include "model/http_transport.hpp"
#include "model/openai.hpp"

namespace ytm::model {

namespace asio = boost::asio;
using nlohmann::json;

Outcome<BatchStatus> parse_openai_batch(int status, std::string_view body,
                                        std::optional<std::chrono::seconds> retry_after, const CallContext& context) {
  if (status != 200) return parse_openai_response(status, body, retry_after, context).failure();
  auto answer = answer_object(body, context);
  if (!answer) return answer.failure();
  BatchStatus out;
  out.status = string_at(*answer, "status");
  out.ended = out.status == "completed" || out.status == "expired" || out.status == "cancelled" ||
              out.status == "failed";
  out.failed = out.status == "failed";
  out.results = string_at(*answer, "output_file_id");
  out.errors = string_at(*answer, "error_file_id");
  const json& errors = object_at(*answer, "errors");
  if (errors.contains("data") && errors["data"].is_array() && !errors["data"].empty()) {
    out.message = string_at(errors["data"][0], "message");
  }
  if (string_at(*answer, "id").empty() || out.status.empty()) {
    return Failure::transient(FailureCode::server_error, context.endpoint + " answered a batch without id or status");
  }
  return out;
}

namespace {

ItemResult openai_item(const json& line, const CallContext& context) {
  ItemResult item;
  item.custom_id = string_at(line, "custom_id");
  const json& error = object_at(line, "error");
  const std::string code = string_at(error, "code");
  if (code == "batch_expired" || code == "batch_cancelled") {
    item.end = ItemEnd::dropped;
    item.reply = Failure::transient(code == "batch_expired" ? FailureCode::batch_expired : FailureCode::batch_cancelled,
                                    context.endpoint + ": " + string_at(error, "message"));
    return item;
  }
  const json& response = object_at(line, "response");
  const int status = static_cast<int>(integer_at(response, "status_code"));
  if (status == 0) {
    item.end = ItemEnd::failed;
    item.reply = Failure::transient(FailureCode::server_error, context.endpoint + ": the request failed in the batch (" +
                                                        (code.empty() ? "no answer" : code) + ")");
    return item;
  }
  item.reply = parse_openai_response(status, dump_json(object_at(response, "body")), std::nullopt, context);
  item.end = item.reply ? ItemEnd::answered : ItemEnd::failed;
  return item;
}

}  // namespace

std::vector<ItemResult> parse_openai_results(std::string_view jsonl, const CallContext& context) {
  std::vector<ItemResult> out;
  for (const json& line : jsonl_lines(jsonl)) out.push_back(openai_item(line, context));
  return out;
}

namespace {

constexpr std::size_t max_results_bytes = std::size_t{256} << 20;

// The requests as the multipart/form-data upload /v1/files takes, with purpose=batch.
std::string upload_body(const std::string& jsonl, const std::string& boundary) {
  std::string out = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n";
  out += "--" + boundary +
         "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ytmonitor-batch.jsonl\"\r\n"
         "Content-Type: application/jsonl\r\n\r\n";
  out += jsonl + "\r\n--" + boundary + "--\r\n";
  return out;
}

std::string new_boundary() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  return "ytmonitor-" + std::to_string(random());
}

class OpenAiBatchApi final : public BatchApi {
 public:
  OpenAiBatchApi(asio::any_io_executor executor, const config::ModelSettings& settings)
      : settings_(settings), http_(std::move(executor), model_client_options(settings)) {
    context_ = CallContext{settings.name, false, settings.api_key_env,
                           "the Batch API at " + settings.base_url, settings.prices, true};
  }

  asio::awaitable<Outcome<BatchSent>> create(std::string tag, std::vector<BatchItem> items) override {
    std::string jsonl;
    for (const auto& item : items) {
      json line;
      line["custom_id"] = item.custom_id;
      line["method"] = "POST";
      line["url"] = "/v1/chat/completions";
      line["body"] = openai_request_body(settings_.name, item.request, OpenAiDialect{});
      jsonl += dump_json(line) + "\n";
    }
    const std::string boundary = new_boundary();
    auto uploaded = co_await call("POST", "/v1/files", upload_body(jsonl, boundary),
                                  "multipart/form-data; boundary=" + boundary, settings_.timeout);
    if (!uploaded) co_return uploaded.failure();
    if (uploaded->status != 200) co_return failure_of(*uploaded);
    const json file = json::parse(uploaded->body, nullptr, false);
    const std::string file_id = string_at(file, "id");
    if (file_id.empty()) co_return Failure::transient(FailureCode::server_error, context_.endpoint + ": the upload has no id");
    json body;
    body["input_file_id"] = file_id;
    body["endpoint"] = "/v1/chat/completions";
    body["completion_window"] = "24h";
    body["metadata"] = {{"made_by", "ytmonitor"}, {batch_tag_key, tag}};
    auto created = co_await call("POST", "/v1/batches", dump_json(body), "application/json", settings_.timeout);
    if (!created) co_return created.failure();
    auto status = parse_openai_batch(created->status, created->body, net::retry_after(*created), context_);
    if (!status) co_return status.failure();
    co_return BatchSent{string_at(json::parse(created->body, nullptr, false), "id"), file_id};
  }

  asio::awaitable<Outcome<std::vector<ListedBatch>>> listed_since(UnixTime since) override {
    std::vector<ListedBatch> out;
    std::string cursor;
    do {
      auto response = co_await call("GET", "/v1/batches" + list_query(cursor, "after"), "", "", std::chrono::minutes(1));
      if (!response) co_return response.failure();
      auto page = parse_openai_batch_list(response->status, response->body, context_);
      if (!page) co_return page.failure();
      cursor = take_page(out, std::move(*page), since);
    } while (!cursor.empty());
    co_return out;
  }

  asio::awaitable<Outcome<BatchStatus>> poll(std::string server_id) override {
    co_return co_await status_call("GET", "/v1/batches/" + server_id);
  }

  asio::awaitable<Outcome<BatchStatus>> cancel(std::string server_id) override {
    co_return co_await status_call("POST", "/v1/batches/" + server_id + "/cancel");
  }

  asio::awaitable<Outcome<std::vector<ItemResult>>> results(BatchStatus ended) override {
    std::vector<ItemResult> out;
    for (const std::string& file : {ended.results, ended.errors}) {
      if (file.empty()) continue;
      auto response = co_await call("GET", "/v1/files/" + file + "/content", "", "", settings_.timeout,
                                    max_results_bytes);
      if (!response) co_return response.failure();
      if (response->status != 200) co_return failure_of(*response);
      for (auto& item : parse_openai_results(response->body, context_)) out.push_back(std::move(item));
    }
    co_return out;
  }

  [[nodiscard]] std::string api() const override { return "openai"; }

 private:
  Failure failure_of(const net::HttpResponse& response) const {
    return parse_openai_response(response.status, response.body, net::retry_after(response), context_).failure();
  }

  asio::awaitable<Outcome<net::HttpResponse>> call(std::string method, std::string path, std::string body,
                                                   std::string content_type, std::chrono::milliseconds timeout,
                                                   std::size_t max_bytes = std::size_t{32} << 20) {
    std::vector<net::Header> headers;
    if (!context_.key_env.empty()) {
      auto key = api_key(context_.key_env);
      if (!key) co_return key.failure();
      headers.push_back({"authorization", "Bearer " + *key});
    }
    ApiRequest request{method, JsonPost{endpoint_url(settings_.base_url, path), headers, std::move(body), timeout},
                       content_type, max_bytes};
    auto response = co_await send_api(&http_, std::move(request));
    if (!response) co_return transport_failure(response.failure(), context_);
    co_return response;
  }

  asio::awaitable<Outcome<BatchStatus>> status_call(std::string method, std::string path) {
    auto response = co_await call(method, path, method == "POST" ? "{}" : "", method == "POST" ? "application/json" : "",
                                  std::chrono::minutes(1));
    if (!response) co_return response.failure();
    co_return parse_openai_batch(response->status, response->body, net::retry_after(*response), context_);
  }

  config::ModelSettings settings_;
  CallContext context_;
  net::HttpClient http_;
};

}  // namespace

std::unique_ptr<BatchApi> make_openai_batch_api(asio::any_io_executor executor, const config::ModelSettings& settings) {
  return std::make_unique<OpenAiBatchApi>(std::move(executor), settings);
}

std::unique_ptr<BatchApi> make_anthropic_batch_api(asio::any_io_executor executor,
                                                   const config::ModelSettings& settings);

std::shared_ptr<BatchApi> make_batch_api(asio::any_io_executor executor, const config::ModelSettings& settings) {
  if (!settings.batch) return nullptr;
  if (settings.backend == config::ModelBackend::anthropic) return make_anthropic_batch_api(std::move(executor), settings);
  if (settings.backend == config::ModelBackend::openai) return make_openai_batch_api(std::move(executor), settings);
  return nullptr;
}

}  // namespace ytm::model
