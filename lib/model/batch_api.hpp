#pragma once
// The batch APIs of model servers: Anthropic's Message Batches (POST /v1/messages/batches, poll,
// results as JSONL, cancel) and OpenAI's Batch API (a JSONL file uploaded to /v1/files, then
// /v1/batches; results and errors as files). Half price, answers within 24 hours. The reading of
// each answer is the interactive backend's (parse_anthropic_response, parse_openai_response), so a
// batch answer and its failures are exactly an interactive call's; only its price is discounted.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/failure.hpp"
#include "core/time.hpp"
#include "model/backend.hpp"
#include "model/http_api.hpp"

namespace ytm::model {

struct BatchItem {
  std::string custom_id;  // ^[a-zA-Z0-9_-]{1,64}$ (Anthropic's rule; OpenAI takes any)
  Request request;
};

struct BatchSent {
  std::string server_id;      // msgbatch_… / batch_…
  std::string input_file_id;  // OpenAI: the uploaded requests
};

// The metadata key that carries a batch's tag (OpenAI).
inline constexpr const char* batch_tag_key = "ytmonitor_batch";
// How many of a server's newest batches are looked through for one of ours.
inline constexpr int max_listed_batches = 500;

// A batch as the server lists it: enough to find one a stop or a lost answer kept us from recording.
struct ListedBatch {
  std::string server_id;
  UnixTime created_at = 0;
  int requests = 0;
  std::string tag;  // OpenAI: the tag given at creation (metadata); Anthropic keeps none
};

struct BatchStatus {
  std::string status;   // the server's own word: in_progress, canceling, ended / validating, finalizing, …
  bool ended = false;   // results can be read (and no request is still processing)
  bool failed = false;  // OpenAI "failed": the batch was refused as a whole (none of it ran)
  std::string results;  // Anthropic: results_url; OpenAI: output_file_id
  std::string errors;   // OpenAI: error_file_id
  std::string message;  // why a batch failed as a whole
  std::optional<std::chrono::seconds> retry_after;  // the server asked for a pause (429, 503)
};

// How one request of an ended batch came out: answered; failed like an interactive call of the
// same kind would (reply holds the failure); dropped: expired or cancelled before it ran, not paid.
enum class ItemEnd { answered, failed, dropped };

struct ItemResult {
  std::string custom_id;
  ItemEnd end = ItemEnd::answered;
  Outcome<Reply> reply = Failure::transient(FailureCode::batch_dropped, "not run");
};

class BatchApi {
 public:
  virtual ~BatchApi() = default;
  // `tag` names the batch where the server keeps metadata, so it can be found again by it.
  virtual boost::asio::awaitable<Outcome<BatchSent>> create(std::string tag, std::vector<BatchItem> items) = 0;
  // The server's batches created at or after `since`, newest first (a few pages at most).
  virtual boost::asio::awaitable<Outcome<std::vector<ListedBatch>>> listed_since(UnixTime since) = 0;
  virtual boost::asio::awaitable<Outcome<BatchStatus>> poll(std::string server_id) = 0;
  virtual boost::asio::awaitable<Outcome<std::vector<ItemResult>>> results(BatchStatus ended) = 0;
  virtual boost::asio::awaitable<Outcome<BatchStatus>> cancel(std::string server_id) = 0;
  [[nodiscard]] virtual std::string api() const = 0;  // "anthropic", "openai"
};

// nullptr when model.batch is off (and always for claude-cli).
std::shared_ptr<BatchApi> make_batch_api(boost::asio::any_io_executor executor, const config::ModelSettings& settings);

// Plain readers of what the servers answer, tested without a server.
Outcome<BatchStatus> parse_anthropic_batch(int status, std::string_view body,
                                           std::optional<std::chrono::seconds> retry_after, const CallContext& context);
std::vector<ItemResult> parse_anthropic_results(std::string_view jsonl, const CallContext& context);
Outcome<BatchStatus> parse_openai_batch(int status, std::string_view body,
                                        std::optional<std::chrono::seconds> retry_after, const CallContext& context);
std::vector<ItemResult> parse_openai_results(std::string_view jsonl, const CallContext& context);

// One page of GET /v1/messages/batches or /v1/batches: its batches, and the cursor of the next page
// (empty on the last).
struct ListedPage {
  std::vector<ListedBatch> batches;
  std::string next;
};
// "?limit=100", and the cursor of the next page as `cursor_name` (after_id, after).
std::string list_query(const std::string& cursor, const char* cursor_name);
// Adds the page's batches created at or after `since` to `out`; the cursor to read on with, empty
// once the page reached older batches, was the last, or max_listed_batches were read.
std::string take_page(std::vector<ListedBatch>& out, ListedPage page, UnixTime since);
Outcome<ListedPage> parse_anthropic_batch_list(int status, std::string_view body, const CallContext& context);
Outcome<ListedPage> parse_openai_batch_list(int status, std::string_view body, const CallContext& context);

// For both: a JSONL body, line by line (blank and unreadable lines skipped).
std::vector<nlohmann::json> jsonl_lines(std::string_view jsonl);

}  // namespace ytm::model
