// The two servers' lists of batches, read into one shape. Used after a stop or a lost answer to find
// a batch the server took but whose id we never stored.
#include "model/anthropic.hpp"
#include "model/batch_api.hpp"
#include "model/openai.hpp"

namespace ytm::model {

using nlohmann::json;

namespace {

template <typename ReadOne>
Outcome<ListedPage> read_page(std::string_view body, const CallContext& context, ReadOne read_one) {
  auto answer = answer_object(body, context);
  if (!answer) return answer.failure();
  const auto found = answer->find("data");
  if (found == answer->end() || !found->is_array()) {
    return Failure::transient(FailureCode::bad_response, context.endpoint + " listed batches without a data array");
  }
  ListedPage page;
  for (const json& item : *found) {
    if (!item.is_object() || string_at(item, "id").empty()) continue;
    page.batches.push_back(read_one(item));
  }
  if (bool_at(*answer, "has_more")) page.next = string_at(*answer, "last_id");
  return page;
}

int anthropic_requests(const json& counts) {
  std::int64_t total = 0;
  for (const char* key : {"processing", "succeeded", "errored", "canceled", "expired"}) total += integer_at(counts, key);
  return static_cast<int>(total);
}

}  // namespace

std::string list_query(const std::string& cursor, const char* cursor_name) {
  return "?limit=100" + (cursor.empty() ? std::string() : "&" + std::string(cursor_name) + "=" + cursor);
}

std::string take_page(std::vector<ListedBatch>& out, ListedPage page, UnixTime since) {
  bool older = false;
  for (auto& b : page.batches) {
    if (b.created_at < since) {
      older = true;
      continue;
    }
    out.push_back(std::move(b));
  }
  const bool enough = out.size() >= static_cast<std::size_t>(max_listed_batches);
  return older || enough ? std::string() : page.next;
}

Outcome<ListedPage> parse_anthropic_batch_list(int status, std::string_view body, const CallContext& context) {
  if (status != 200) return parse_anthropic_response(status, body, std::nullopt, context).failure();
  return read_page(body, context, [](const json& item) {
    return ListedBatch{string_at(item, "id"), parse_iso8601(string_at(item, "created_at")).value_or(0),
                       anthropic_requests(object_at(item, "request_counts")), ""};
  });
}

Outcome<ListedPage> parse_openai_batch_list(int status, std::string_view body, const CallContext& context) {
  if (status != 200) return parse_openai_response(status, body, std::nullopt, context).failure();
  return read_page(body, context, [](const json& item) {
    return ListedBatch{string_at(item, "id"), integer_at(item, "created_at"),
                       static_cast<int>(integer_at(object_at(item, "request_counts"), "total")),
                       string_at(object_at(item, "metadata"), batch_tag_key)};
  });
}

}  // namespace ytm::model
