// Reading what the batch APIs answer (model/batch_api.hpp), as their documentation shows it: a
// request of a batch fails or succeeds exactly as the same interactive call would, at half price.
#include <catch2/catch.hpp>

#include "model/batch_api.hpp"

using namespace ytm;
using namespace ytm::model;

namespace {

CallContext batch_context() {
  return CallContext{"claude-sonnet-4-5", false, "ANTHROPIC_API_KEY", "the stand-in", {}, true};
}

}  // namespace

TEST_CASE("Anthropic batch: in_progress, then ended with its results_url") {
  auto running = parse_anthropic_batch(200, R"({"id":"msgbatch_013Zva2CMHLNnXjNJJKqJ2EF","type":"message_batch",
    "processing_status":"in_progress","request_counts":{"processing":2,"succeeded":0,"errored":0,"canceled":0,
    "expired":0},"ended_at":null,"results_url":null})", std::nullopt, batch_context());
  REQUIRE(running);
  CHECK_FALSE(running->ended);
  CHECK(running->status == "in_progress");
  auto ended = parse_anthropic_batch(200, R"({"id":"msgbatch_01","processing_status":"ended",
    "results_url":"https://api.anthropic.com/v1/messages/batches/msgbatch_01/results"})", std::nullopt, batch_context());
  REQUIRE(ended);
  CHECK(ended->ended);
  CHECK(ended->results == "https://api.anthropic.com/v1/messages/batches/msgbatch_01/results");
  auto limited = parse_anthropic_batch(429, R"({"type":"error","error":{"type":"rate_limit_error","message":"slow"}})",
                                       std::chrono::seconds(7), batch_context());
  REQUIRE_FALSE(limited);
  CHECK(limited.failure().code == FailureCode::rate_limited);
  CHECK(limited.failure().retry_after == std::chrono::seconds(7));
}

TEST_CASE("Anthropic batch results: succeeded at half price, errored as the interactive error, canceled and expired "
          "dropped") {
  const std::string jsonl =
      R"({"custom_id":"ytm-2","result":{"type":"errored","error":{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}}})"
      "\n"
      R"({"custom_id":"ytm-1","result":{"type":"succeeded","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"译文"}],"stop_reason":"end_turn","usage":{"input_tokens":1000000,"output_tokens":100000}}}})"
      "\n"
      R"({"custom_id":"ytm-3","result":{"type":"errored","error":{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 300000 tokens > 200000 maximum"}}}})"
      "\n"
      R"({"custom_id":"ytm-4","result":{"type":"expired"}})"
      "\n"
      R"({"custom_id":"ytm-5","result":{"type":"canceled"}})"
      "\n\nnot json\n";
  auto items = parse_anthropic_results(jsonl, batch_context());
  REQUIRE(items.size() == 5);
  CHECK(items[0].custom_id == "ytm-2");
  CHECK(items[0].end == ItemEnd::failed);
  CHECK(items[0].reply.failure().code == FailureCode::overloaded);
  CHECK(items[0].reply.failure().kind == FailureKind::transient);
  CHECK(items[1].end == ItemEnd::answered);
  CHECK(items[1].reply->text == "译文");
  CHECK(items[1].reply->list_cost_usd == Approx(4.5));  // $3 + $1.50 at list price
  CHECK(items[1].reply->cost_usd == Approx(2.25));      // half in a batch
  CHECK(items[2].reply.failure().code == FailureCode::context_too_long);
  CHECK(items[3].end == ItemEnd::dropped);
  CHECK(items[3].reply.failure().code == FailureCode::batch_expired);
  CHECK(items[4].reply.failure().code == FailureCode::batch_cancelled);
}

TEST_CASE("OpenAI batch: status words, output and error files, results read like chat completions") {
  auto done = parse_openai_batch(200, R"({"id":"batch_abc","object":"batch","status":"completed",
    "output_file_id":"file-out","error_file_id":"file-err","errors":null})", std::nullopt, batch_context());
  REQUIRE(done);
  CHECK(done->ended);
  CHECK(done->results == "file-out");
  CHECK(done->errors == "file-err");
  auto finalizing = parse_openai_batch(200, R"({"id":"batch_abc","status":"finalizing"})", std::nullopt, batch_context());
  CHECK_FALSE(finalizing->ended);
  auto failed = parse_openai_batch(200, R"({"id":"batch_abc","status":"failed","errors":{"object":"list",
    "data":[{"code":"invalid_json_line","line":1,"message":"This line is not parseable as valid JSON."}]}})",
                                   std::nullopt, batch_context());
  CHECK(failed->failed);
  CHECK(failed->message == "This line is not parseable as valid JSON.");
  const std::string jsonl =
      R"({"id":"batch_req_1","custom_id":"ytm-1","response":{"status_code":200,"request_id":"r1","body":{"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4.1-mini","choices":[{"index":0,"message":{"role":"assistant","content":"译文"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1000000,"completion_tokens":0}}},"error":null})"
      "\n"
      R"({"id":"batch_req_2","custom_id":"ytm-2","response":{"status_code":429,"request_id":"r2","body":{"error":{"message":"Rate limit reached","type":"rate_limit_error","code":"rate_limit_exceeded"}}},"error":null})"
      "\n"
      R"({"id":"batch_req_3","custom_id":"ytm-3","response":null,"error":{"code":"batch_expired","message":"This request could not be executed before the completion window expired."}})"
      "\n";
  auto items = parse_openai_results(jsonl, batch_context());
  REQUIRE(items.size() == 3);
  CHECK(items[0].reply->text == "译文");
  CHECK(items[0].reply->cost_usd == Approx(0.2));  // gpt-4.1-mini input at $0.40, halved
  CHECK(items[1].reply.failure().code == FailureCode::rate_limited);
  CHECK(items[2].end == ItemEnd::dropped);
  CHECK(items[2].reply.failure().code == FailureCode::batch_expired);
}

TEST_CASE("Batch lists: Anthropic's by created_at and request counts, OpenAI's with the tag in metadata, paged "
          "until older batches") {
  auto anthropic = parse_anthropic_batch_list(200, R"({"data":[
    {"id":"msgbatch_02","type":"message_batch","processing_status":"in_progress","created_at":"2026-12-07T17:00:05.123456Z",
     "request_counts":{"processing":3,"succeeded":1,"errored":1,"canceled":0,"expired":0}},
    {"id":"msgbatch_01","created_at":"2026-12-07T16:00:00Z","request_counts":{"processing":0,"succeeded":2}},
    {"type":"message_batch"}],
    "has_more":true,"first_id":"msgbatch_02","last_id":"msgbatch_01"})", batch_context());
  REQUIRE(anthropic);
  REQUIRE(anthropic->batches.size() == 2);  // the entry without an id is skipped
  CHECK(anthropic->batches[0].server_id == "msgbatch_02");
  CHECK(anthropic->batches[0].created_at == 1796662805);
  CHECK(anthropic->batches[0].requests == 5);
  CHECK(anthropic->batches[0].tag.empty());
  CHECK(anthropic->next == "msgbatch_01");

  auto openai = parse_openai_batch_list(200, R"({"object":"list","data":[
    {"id":"batch_abc","object":"batch","created_at":1796662805,"request_counts":{"total":4,"completed":0,"failed":0},
     "metadata":{"made_by":"ytmonitor","ytmonitor_batch":"ytm-7@1796662800"}},
    {"id":"batch_other","created_at":1796662700,"request_counts":{"total":4},"metadata":null}],
    "first_id":"batch_abc","last_id":"batch_other","has_more":false})", batch_context());
  REQUIRE(openai);
  REQUIRE(openai->batches.size() == 2);
  CHECK(openai->batches[0].tag == "ytm-7@1796662800");
  CHECK(openai->batches[0].requests == 4);
  CHECK(openai->batches[1].tag.empty());
  CHECK(openai->next.empty());

  // Paging stops at the first batch older than asked for, and keeps only the newer ones.
  std::vector<ListedBatch> out;
  CHECK(take_page(out, *anthropic, 1796662000).empty());
  REQUIRE(out.size() == 1);
  CHECK(out[0].server_id == "msgbatch_02");
  std::vector<ListedBatch> all;
  CHECK(take_page(all, *anthropic, 0) == "msgbatch_01");
  CHECK(all.size() == 2);
  CHECK(list_query("", "after_id") == "?limit=100");
  CHECK(list_query("msgbatch_01", "after_id") == "?limit=100&after_id=msgbatch_01");

  auto refused = parse_openai_batch_list(401, R"({"error":{"message":"bad key","type":"invalid_request_error"}})",
                                         batch_context());
  REQUIRE_FALSE(refused);
  CHECK(refused.failure().code == FailureCode::auth);
  auto garbled = parse_anthropic_batch_list(200, R"({"batches":[]})", batch_context());
  REQUIRE_FALSE(garbled);
  CHECK(garbled.failure().message.find("without a data array") != std::string::npos);
}
