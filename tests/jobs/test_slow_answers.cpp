// Slow and failing answers as a user meets them: a model server or a webhook may think for a while
// before it answers, a stalled feed must not hold a fetch slot for long (only feed requests have the
// short first-byte timeout), and no fault, timeout or cancellation lets more model calls through.
#include <catch2/catch.hpp>

#include <csignal>
#include <nlohmann/json.hpp>

#include "crash_fixture.hpp"
#include "net/fixture.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::store::VideoState;
using ytm::test::CrashFixture;
using ytm::test::eventually;

TEST_CASE("a model and a webhook 6 s from their first byte still succeed while a stalled feed gives up at 5 s") {
  ytm::test::HttpFixture hook;
  CrashFixture f(
      {.model_args = {"--latency_ms", "6000"}, .extra = "notify:\n  webhook_url: " + hook.url("/slow/6000") + "\n"});
  auto stalled = f.youtube.add_channel("@stalled");
  f.youtube.set_behaviour(stalled, json{{"stall", 60}, {"scope", "feed"}}.dump());
  f.publish("creatorEN01", 1'700'000'000);
  f.subscribe(1, {stalled});
  auto daemon = f.daemon("daemon.log");
  INFO(daemon->log());
  REQUIRE(eventually([&] { return f.in_state("creatorEN01", VideoState::done); }, 90s));
  REQUIRE(eventually([&] { return hook.stats()["slow_answered"].get<int>() >= 1; }, 20s));

  // Every model call was answered after its 6 s, none given up and sent again.
  auto stats = f.model.stats();
  int sent = 0;
  int answered = 0;
  for (const auto& [task, n] : stats["calls"].items()) sent += n.get<int>();
  for (const auto& [task, n] : stats["answered"].items()) answered += n.get<int>();
  CHECK(sent >= 2);
  CHECK(answered == sent);
  CHECK(hook.stats()["slow_answered"].get<int>() == 1);  // delivered on the first attempt
  CHECK(daemon->log().find("notification to the webhook failed") == std::string::npos);

  // The stalled feed was given up at its first-byte limit, not at the 30 s request_timeout.
  auto channel = ytm::store::Store(f.database()).channel(stalled);
  REQUIRE(channel);
  CHECK(channel->last_result == "timeout");
  CHECK_THAT(channel->last_error, Catch::Contains("no response header within 5000 ms"));
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(15s) == 0);
}

TEST_CASE(
    "model calls in flight never pass model.max_concurrent_requests while calls fail, hang, time out and are "
    "cancelled") {
  // A third of the calls get a fault at random: 429 with Retry-After, 529, 500, a hang, a summary
  // that is not JSON. The default model.timeout (10 minutes) would keep a hung call's slot that
  // long; at 3 s the hangs here time out and are retried.
  CrashFixture f({.model_args = {"--fault_rate", "35", "--fault_seed", "6", "--latency_ms", "200"},
                  .workers = 4,
                  .model = "  timeout: 3s\n"});
  const int videos = 8;
  for (int i = 1; i <= videos; ++i) f.publish("bulk000000" + std::to_string(i), 1'700'000'000 + i);
  f.subscribe(videos);
  auto calls = [&] { return f.model.stats()["total"].get<int>(); };
  auto in_state = [&](VideoState state) {
    int n = 0;
    for (int i = 1; i <= videos; ++i) n += f.in_state("bulk000000" + std::to_string(i), state);
    return n;
  };
  auto done = [&] { return in_state(VideoState::done); };
  {
    auto first = f.daemon("first.log");
    REQUIRE(eventually([&] { return calls() >= 8; }, 60s));
    first->signal(SIGTERM);  // cancels the calls in flight, hung ones included
    CHECK(first->wait(15s) == 0);
  }
  auto second = f.daemon("second.log");
  INFO(second->log());
  // A video whose call fails model.max_attempts times in a row waits minutes for its retry: enough
  // calls, not every video done, is what this test waits for.
  eventually([&] { return done() == videos || calls() >= 40; }, 90s);
  // Every video is done or on its way there: none failed, none lost, whatever the faults hit.
  CHECK(in_state(VideoState::failed) == 0);
  CHECK(done() + in_state(VideoState::waiting) + in_state(VideoState::queued) + in_state(VideoState::processing) ==
        videos);
  auto stats = f.model.stats();
  INFO(stats.dump());
  CHECK(stats["max_concurrent"].get<int>() <= 2);  // the default model.max_concurrent_requests
  CHECK(stats["max_concurrent"].get<int>() == 2);  // four workers kept both slots busy
  const auto& faults = stats["random_faults"];
  CHECK(faults.value("hang", 0) >= 1);
  CHECK(faults.value("rate_limit", 0) + faults.value("overloaded", 0) + faults.value("server_error", 0) >= 2);
  second->signal(SIGTERM);
  CHECK(second->wait(15s) == 0);
}
