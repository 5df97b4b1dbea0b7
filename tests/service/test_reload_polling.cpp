// A reload changes how the running daemon polls: how often, how evenly spread, how many feeds at
// once, from which server, through which proxy and as which user agent.
#include <catch2/catch.hpp>

#include <csignal>

#include "../net/fixture.hpp"
#include "reload_fixture.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::test::eventually;
using ytm::test::ReloadFixture;

namespace {

json stats(const ytm::test::FakeYoutube& youtube) { return json::parse(youtube.get("/_control/stats").body); }

int feed_requests(const ytm::test::FakeYoutube& youtube) {
  int n = 0;
  const auto now = stats(youtube);
  for (const auto& [path, count] : now["requests"].items()) {
    if (path.starts_with("/feeds/")) n += count.get<int>();
  }
  return n;
}

// Seconds from each channel's last poll to its next one, as the daemon recorded them.
std::vector<long long> poll_gaps(const ReloadFixture& f, const std::vector<std::string>& channels) {
  ytm::store::Store store(f.database());
  std::vector<long long> out;
  for (const auto& id : channels) {
    auto c = store.channel(id);
    out.push_back(c && c->last_poll_at && c->next_poll_at ? *c->next_poll_at - *c->last_poll_at : -1);
  }
  return out;
}

bool all_of(const std::vector<long long>& gaps, long long low, long long high) {
  return std::all_of(gaps.begin(), gaps.end(), [&](long long g) { return g >= low && g <= high; });
}

}  // namespace

TEST_CASE("a reload changes max_concurrent_fetches, poll_interval and jitter for the polls that follow") {
  ReloadFixture f;
  std::vector<std::string> channels;
  for (int i = 0; i < 4; ++i) {
    channels.push_back(f.add_channel("@paced" + std::to_string(i)));
    f.youtube.set_behaviour(channels.back(), json{{"stall", 2}, {"scope", "feed"}}.dump());
  }
  f.subscribe(channels);
  f.set("youtube.max_concurrent_fetches", "1");
  f.save();
  auto daemon = f.start();
  INFO(daemon->log());
  REQUIRE(eventually([&] { return feed_requests(f.youtube) >= 4; }, 30s));
  CHECK(stats(f.youtube)["max_in_flight"] == 1);

  // More feeds at once: the polls waiting for a fetch slot go at once.
  f.set("youtube.max_concurrent_fetches", "4");
  REQUIRE(f.reload(*daemon));
  CHECK(eventually([&] { return stats(f.youtube)["in_flight"] == 4; }, 30s));

  // An hour between polls: each channel's next poll is recorded an hour after its last.
  for (const auto& id : channels) f.youtube.set_behaviour(id, "{}");
  f.set("youtube.poll_interval", "1h");
  REQUIRE(f.reload(*daemon));
  CHECK(eventually([&] { return all_of(poll_gaps(f, channels), 3600, 3600); }, 30s));

  // Back to a second: the channels waiting out their hour are polled again within seconds.
  f.set("youtube.poll_interval", "1s");
  const int before = feed_requests(f.youtube);
  REQUIRE(f.reload(*daemon));
  CHECK(eventually([&] { return feed_requests(f.youtube) >= before + 8; }, 30s));
  CHECK(eventually([&] { return all_of(poll_gaps(f, channels), 1, 1); }, 30s));

  // Jitter: the next polls spread over half an hour either side of the hour.
  f.set("youtube.poll_interval", "1h");
  f.set("youtube.jitter", "0.5");
  REQUIRE(f.reload(*daemon));
  CHECK(eventually([&] { return all_of(poll_gaps(f, channels), 1800, 5400); }, 30s));
  const auto gaps = poll_gaps(f, channels);
  CHECK(std::any_of(gaps.begin(), gaps.end(), [](long long g) { return g != 3600; }));
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

TEST_CASE("a reload sends the next feed requests to a new base_url, through a new proxy, with a new user agent") {
  ReloadFixture f;
  auto channel = f.add_channel("@moved");
  f.subscribe({channel});
  auto daemon = f.start();
  INFO(daemon->log());
  REQUIRE(eventually([&] { return feed_requests(f.youtube) >= 1; }, 30s));
  CHECK(stats(f.youtube)["user_agents"].contains("ytmonitor/" YTM_VERSION));

  ytm::test::FakeYoutube moved;
  moved.post("/_control/channels", json{{"id", channel}, {"handle", "@moved"}, {"title", "@moved"}}.dump());
  f.set("youtube.base_url", moved.base_url());
  REQUIRE(f.reload(*daemon));
  CHECK(eventually([&] { return feed_requests(moved) >= 1; }, 30s));

  f.set("youtube.user_agent", "'reload-test/2'");
  REQUIRE(f.reload(*daemon));
  CHECK(eventually([&] { return stats(moved)["user_agents"].contains("reload-test/2"); }, 30s));

  ytm::test::HttpFixture proxy;
  f.set("youtube.proxy", "http://127.0.0.1:" + std::to_string(proxy.port()));
  REQUIRE(f.reload(*daemon));
  CHECK(eventually([&] { return proxy.stats()["proxied"].get<int>() >= 2; }, 30s));
  // Every request goes through the proxy now, with the new user agent still.
  moved.post("/_control/stats/reset", "{}");
  const int proxied = proxy.stats()["proxied"];
  REQUIRE(eventually([&] { return feed_requests(moved) >= 3; }, 30s));
  CHECK(proxy.stats()["proxied"].get<int>() - proxied >= 3);
  CHECK(stats(moved)["user_agents"].size() == 1);
  CHECK(stats(moved)["user_agents"].contains("reload-test/2"));
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}
