// model.batch through the real daemon against the stand-in batch APIs (tests/fakes/fake_model_batches.py):
// a queue answered in one batch at half price, a kill -9 while the batch processes or while the server
// answers its creation, a lost creation answer, an expired batch, and model.batch_max_wait reached.
#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>

#include "e2e_fixture.hpp"
#include "store/store.hpp"
#include "support/run.hpp"

using namespace std::chrono_literals;
using ytm::test::EndToEnd;
using ytm::test::eventually;
using nlohmann::json;

namespace {

bool all_done(const EndToEnd& e, const std::vector<std::string>& ids) {
  return std::all_of(ids.begin(), ids.end(), [&](const std::string& id) { return e.video_done(id); });
}

long long batches_created(const json& stats) { return stats.value("batches", json::object()).value("created", 0LL); }

// Interactive model calls the stand-in answered: POST /v1/messages or /v1/chat/completions.
long long interactive_calls(const json& stats) {
  const json paths = stats.value("paths", json::object());
  return paths.value("POST /v1/messages", 0LL) + paths.value("POST /v1/chat/completions", 0LL);
}

struct CallRow {
  std::string step;
  std::string failure_code;
  std::string state;
  bool batched;
  double cost;
  double list;
};

std::vector<CallRow> calls(const EndToEnd& e) {
  ytm::store::Connection c(e.database());
  ytm::store::Statement st(c,
                           "SELECT step, failure_code, state, batch_id IS NOT NULL, cost_usd, list_cost_usd "
                           "FROM model_calls ORDER BY id");
  std::vector<CallRow> out;
  while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.integer(3) != 0, st.real(4), st.real(5)});
  return out;
}

std::string started_channel(EndToEnd& e, std::unique_ptr<ytm::test::Background>& daemon, const std::string& log) {
  auto channel = e.add_channel("@batch", "An old video");
  e.subscribe({channel});
  daemon = e.start_daemon(log);
  REQUIRE(daemon->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
  REQUIRE(eventually([&] { return ytm::store::Store(e.database()).channel(channel).has_value(); }, 15s));
  return channel;
}

// One video published after the first poll, through a daemon whose stand-in has these faults; the
// stand-in's figures once the video is done. The daemon is left running for the caller's checks.
json one_video(EndToEnd& e, std::unique_ptr<ytm::test::Background>& daemon, const json& faults,
               const std::string& title) {
  e.model_faults(faults);
  auto channel = started_channel(e, daemon, "daemon.log");
  e.publish(channel, "bulk0000001", title);
  const bool done = eventually([&] { return all_done(e, {"bulk0000001"}); }, 90s);
  INFO(daemon->log());
  REQUIRE(done);
  return e.model_stats();
}

void queue_answered_in_one_batch(const std::string& backend) {
  EndToEnd e;
  // Each video waiting on the batch holds a worker: five workers put five videos in one batch.
  e.use_workers(5);
  e.use_model_api(backend);
  std::unique_ptr<ytm::test::Background> daemon;
  auto channel = started_channel(e, daemon, "daemon.log");
  INFO(daemon->log());
  const std::vector<std::string> ids{"bulk0000001", "bulk0000002", "bulk0000003", "bulk0000004", "bulk0000005"};
  for (const auto& id : ids) e.publish(channel, id, "Batch " + id);
  REQUIRE(eventually([&] { return all_done(e, ids); }, 90s));
  const json stats = e.model_stats();
  CHECK(batches_created(stats) == 1);
  CHECK(stats["batches"]["requests"] == 10);  // each video's translation and summary
  CHECK(interactive_calls(stats) == 0);
  CHECK(e.documents().size() == 5);
  double paid = 0;
  double list = 0;
  for (const auto& call : calls(e)) {
    CHECK(call.batched);
    CHECK(call.state == "completed");
    CHECK(call.cost == Approx(call.list / 2));
    paid += call.cost;
    list += call.list;
  }
  CHECK(paid > 0);
  // What each document cost, in its front matter: half its list price.
  const std::string doc = ytm::test::read_file(e.documents().front());
  CHECK(doc.find("\ncost_usd: ") != std::string::npos);
  CHECK(doc.find("次调用以批处理半价完成") != std::string::npos);  // output.language zh-CN
  const std::string status = ytm::test::status_cli(e);
  CHECK(status.find("10 of 10 calls in batches at half price") != std::string::npos);
  CHECK(status.find("E2E @batch: 10 calls") != std::string::npos);
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

std::vector<std::string> batch_states(const EndToEnd& e) {
  ytm::store::Connection c(e.database());
  ytm::store::Statement st(c, "SELECT state FROM batches ORDER BY id");
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

void every_call_batched_once(const EndToEnd& e) {
  for (const auto& call : calls(e)) {
    CHECK(call.batched);
    CHECK(call.state == "completed");
    CHECK(call.failure_code == "");
    CHECK(call.cost == Approx(call.list / 2));
  }
}

// Until the daemon's one video waits in a batch the stand-in has created.
void wait_until_batched(EndToEnd& e, const ytm::test::Background& daemon) {
  REQUIRE(eventually([&] { return batches_created(e.model_stats()) == 1; }, 60s));
  REQUIRE(eventually([&] { return daemon.log().find("at the batch discount") != std::string::npos; }, 10s));
}

// Kills the first daemon (SIGKILL) and starts another on its state, which must finish the video.
std::unique_ptr<ytm::test::Background> killed_and_restarted(EndToEnd& e, ytm::test::Background& first) {
  first.signal(SIGKILL);
  first.wait(5s);
  auto second = e.start_daemon("second.log");
  const bool done = eventually([&] { return all_done(e, {"bulk0000001"}); }, 90s);
  INFO(second->log());
  REQUIRE(done);
  return second;
}

// The server creates the batch but its answer never reaches the daemon, which is killed meanwhile.
void killed_while_the_server_answers(const std::string& backend) {
  EndToEnd e;
  e.use_model_api(backend);
  e.model_faults({{"batch_create_hang", 1}});
  std::unique_ptr<ytm::test::Background> first;
  auto channel = started_channel(e, first, "first.log");
  INFO(first->log());
  e.publish(channel, "bulk0000001", "Killed while the server answered");
  REQUIRE(eventually([&] { return batches_created(e.model_stats()) == 1; }, 60s));
  CHECK(batch_states(e) == std::vector<std::string>{"sending"});  // no server id stored
  auto second = killed_and_restarted(e, *first);
  INFO(second->log());
  const json stats = e.model_stats();
  CHECK(batches_created(stats) == 1);  // found on the server, not sent again
  CHECK(interactive_calls(stats) == 0);
  CHECK(stats["batches"]["requests"] == 2);
  CHECK(batch_states(e) == std::vector<std::string>{"ended"});
  CHECK(e.documents().size() == 1);
  CHECK(second->log().find("although its answer was lost (the server's answer was lost in a stop)") !=
        std::string::npos);
  every_call_batched_once(e);
  second->signal(SIGTERM);
  CHECK(second->wait(10s) == 0);
}

}  // namespace

TEST_CASE("model.batch auto with the anthropic backend: five queued videos through one Message Batch at half price",
          "[batch]") {
  queue_answered_in_one_batch("anthropic");
}

TEST_CASE("model.batch auto with the openai backend: five queued videos through one Batch at half price", "[batch]") {
  queue_answered_in_one_batch("openai");
}

TEST_CASE("kill -9 while the batch processes: the restart polls the same batch and sends nothing again", "[batch]") {
  EndToEnd e;
  e.use_model_api("anthropic");
  e.model_faults({{"batch_latency_ms", 20000}});
  std::unique_ptr<ytm::test::Background> first;
  auto channel = started_channel(e, first, "first.log");
  INFO(first->log());
  e.publish(channel, "bulk0000001", "Killed while batched");
  wait_until_batched(e, *first);
  auto second = killed_and_restarted(e, *first);
  INFO(second->log());
  const json stats = e.model_stats();
  CHECK(batches_created(stats) == 1);
  CHECK(interactive_calls(stats) == 0);
  CHECK(e.documents().size() == 1);
  CHECK(second->log().find("left by the last run: polling it again") != std::string::npos);
  for (const auto& call : calls(e)) {
    CHECK(call.batched);
    CHECK(call.state == "completed");  // none abandoned: the batch, not the dead process, ended them
    CHECK(call.failure_code == "");
  }
  second->signal(SIGTERM);
  CHECK(second->wait(10s) == 0);
}

TEST_CASE("kill -9 while Anthropic answers a batch's creation: the restart finds the batch on the server and pays once",
          "[batch]") {
  killed_while_the_server_answers("anthropic");
}

TEST_CASE("kill -9 while OpenAI answers a batch's creation: the restart finds the batch by its tag and pays once",
          "[batch]") {
  killed_while_the_server_answers("openai");
}

TEST_CASE("a batch whose creation answer is lost (connection closed) is followed on the server, not sent again",
          "[batch]") {
  EndToEnd e;
  e.use_model_api("anthropic");
  std::unique_ptr<ytm::test::Background> daemon;
  const json stats = one_video(e, daemon, {{"batch_create_drop", 1}}, "Answer lost");
  INFO(daemon->log());
  CHECK(batches_created(stats) == 1);
  CHECK(interactive_calls(stats) == 0);
  CHECK(stats["batches"]["lists"] == 1);
  CHECK(daemon->log().find("looking for the batch among the server's") != std::string::npos);
  every_call_batched_once(e);
  CHECK(e.documents().size() == 1);
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

TEST_CASE("a profile with an API of its own batches at its server, and after a kill -9 the batch is polled there",
          "[batch]") {
  EndToEnd e;  // the shared model is the claude CLI, which has no batches
  e.model_faults({{"batch_latency_ms", 20000}});
  auto channel = e.add_channel("@batch", "An old video");
  e.dir.write("subscriptions.yaml", "profiles:\n  api:\n    model: {backend: anthropic, base_url: " + e.model_url() +
                                        ", name: claude-haiku-4-5}\nchannels:\n  - {id: " + channel +
                                        ", profile: api}\n");
  auto first = e.start_daemon("first.log");
  INFO(first->log());
  REQUIRE(first->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
  REQUIRE(eventually([&] { return ytm::store::Store(e.database()).channel(channel).has_value(); }, 15s));
  e.publish(channel, "bulk0000001", "A profile's batch");
  wait_until_batched(e, *first);
  auto second = killed_and_restarted(e, *first);
  INFO(second->log());
  const json stats = e.model_stats();
  CHECK(batches_created(stats) == 1);
  CHECK(interactive_calls(stats) == 0);
  CHECK(second->log().find("left by the last run: polling it again") != std::string::npos);
  every_call_batched_once(e);
  ytm::store::Store store(e.database());
  const auto batch = store.batch(1);
  REQUIRE(batch);
  CHECK(batch->server.base_url == e.model_url());
  CHECK(batch->server.model == "claude-haiku-4-5");
  CHECK(e.documents().size() == 1);
  second->signal(SIGTERM);
  CHECK(second->wait(10s) == 0);
}

TEST_CASE("an expired batch's requests are sent once more in the next batch, unpaid the first time", "[batch]") {
  EndToEnd e;
  e.use_model_api("anthropic");
  std::unique_ptr<ytm::test::Background> daemon;
  const json stats = one_video(e, daemon, {{"batch_expire", 1}}, "Expired once");
  INFO(daemon->log());
  CHECK(batches_created(stats) == 2);
  CHECK(interactive_calls(stats) == 0);
  int expired = 0;
  for (const auto& call : calls(e)) {
    CHECK(call.batched);
    if (call.failure_code == ytm::to_string(ytm::FailureCode::batch_expired)) {
      ++expired;
      CHECK(call.cost == 0);
    }
  }
  CHECK(expired == 2);
  CHECK(e.documents().size() == 1);
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

TEST_CASE("model.batch_max_wait reached: the batch is cancelled and its requests asked on their own", "[batch]") {
  EndToEnd e;
  e.use_model_api("anthropic", "  batch_max_wait: 1s\n");
  std::unique_ptr<ytm::test::Background> daemon;
  const json stats = one_video(e, daemon, {{"batch_latency_ms", 600000}}, "Waited too long");
  INFO(daemon->log());
  CHECK(batches_created(stats) == 1);
  CHECK(stats["batches"]["cancels"] == 1);
  CHECK(interactive_calls(stats) == 2);
  int cancelled = 0;
  for (const auto& call : calls(e)) {
    if (call.batched) {
      ++cancelled;
      CHECK(call.failure_code == ytm::to_string(ytm::FailureCode::batch_cancelled));
      CHECK(call.cost == 0);
    } else {
      CHECK(call.cost == Approx(call.list));  // on its own: list price
    }
  }
  CHECK(cancelled == 2);
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

TEST_CASE("a request the batch answers with an error is handled like the same interactive failure", "[batch]") {
  EndToEnd e;
  e.use_model_api("anthropic");
  std::unique_ptr<ytm::test::Background> daemon;
  const json stats = one_video(e, daemon, {{"batch_errored", 1}}, "Overloaded once");  // one request errored: overloaded_error, as a 529 would be
  INFO(daemon->log());
  CHECK(batches_created(stats) == 1);
  CHECK(interactive_calls(stats) == 1);  // overloaded is transient: asked again, on its own
  int overloaded = 0;
  for (const auto& call : calls(e)) {
    if (call.failure_code == ytm::to_string(ytm::FailureCode::overloaded)) {
      ++overloaded;
      CHECK(call.batched);
      CHECK(call.cost == 0);  // an errored request is not billed
    }
  }
  CHECK(overloaded == 1);
  CHECK(daemon->log().find("model call failed in its batch (transient overloaded)") != std::string::npos);
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}
