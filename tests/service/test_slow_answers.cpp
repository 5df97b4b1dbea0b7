// Slow answers as a user meets them: a model server or a webhook may think for a while before it
// answers, a stalled feed must not hold a fetch slot for long. Only feed requests have the short
// first-byte timeout.
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
  CrashFixture f(YTM_TESTS_DIR "/fakes/yt-dlp", {"--latency_ms", "6000"},
                 "notify:\n  webhook_url: " + hook.url("/slow/6000") + "\n");
  auto stalled = json::parse(f.youtube.post("/_control/channels", json{{"handle", "@stalled"}}.dump()).body)["id"];
  f.youtube.post("/_control/channels/" + stalled.get<std::string>() + "/behaviour",
                 json{{"stall", 60}, {"scope", "feed"}}.dump());
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
