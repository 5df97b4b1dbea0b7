// `ytmonitor run` as a process: systemd notify messages, signals, hot reload of the YAML files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "../feed/fake_youtube.hpp"
#include "core/embedded.hpp"
#include "store/migrate.hpp"
#include "store/store.hpp"
#include "support/background.hpp"
#include "support/loopback_http.hpp"
#include "support/migrations.hpp"
#include "support/notify_socket.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::test::Background;
using ytm::test::eventually;
using ytm::test::NotifySocket;

namespace {

struct DaemonFixture {
  ytm::test::FakeYoutube youtube;
  ytm::test::TempDir dir;

  DaemonFixture() {
    dir.write("config.yaml",
              "state_dir: state\nworkers: 1\nyoutube:\n  base_url: " + youtube.base_url() +
                  "\n  poll_interval: 1s\n  jitter: 0\nstatus:\n  listen: ''\ntranscript:\n  command: /bin/false\n");
  }
  std::string add_channel(const std::string& handle) {
    auto id = youtube.add_channel(handle);
    youtube.publish(id, "first");
    return id;
  }
  int feed_requests(const std::string& channel_id) {
    auto stats = json::parse(youtube.get("/_control/stats").body);
    return stats["requests"].value("/feeds/videos.xml?channel_id=" + channel_id, 0);
  }
  void subscribe(const std::vector<std::string>& ids) {
    std::string text = "channels:\n";
    for (const auto& id : ids) text += "  - " + id + "\n";
    // Written beside and renamed over, as editors save.
    dir.write("subscriptions.yaml.tmp", text);
    std::filesystem::rename(dir / "subscriptions.yaml.tmp", dir / "subscriptions.yaml");
  }
  Background start(const std::vector<std::pair<std::string, std::string>>& env = {}) {
    return Background({YTM_BINARY, "--config", (dir / "config.yaml").string(), "run"}, dir / "daemon.log", env);
  }
};

}  // namespace

TEST_CASE("run speaks the systemd notify protocol and exits 0 on SIGTERM") {
  DaemonFixture f;
  auto id = f.add_channel("@notified");
  f.subscribe({id});
  NotifySocket notify((f.dir / "notify.sock").string());
  auto daemon = f.start({{"NOTIFY_SOCKET", (f.dir / "notify.sock").string()}, {"WATCHDOG_USEC", "1000000"}});
  REQUIRE(notify.wait_for("READY=1", 10s));
  CHECK(notify.wait_for("WATCHDOG=1", 3s));
  CHECK(notify.wait_for("STATUS=1 channels", 3s));
  REQUIRE(eventually([&] { return f.feed_requests(id) >= 1; }, 10s));
  auto stop_started = std::chrono::steady_clock::now();
  daemon.signal(SIGTERM);
  CHECK(notify.wait_for("STOPPING=1", 5s));
  auto code = daemon.wait(10s);
  REQUIRE(code.has_value());
  CHECK(*code == 0);
  CHECK(std::chrono::steady_clock::now() - stop_started < 10s);
  CHECK(daemon.log().find("stopped") != std::string::npos);
}

TEST_CASE("a start that upgrades the database asks systemd for more time first, a start that does not never does") {
  DaemonFixture f;
  auto id = f.add_channel("@upgraded");
  f.subscribe({id});
  {  // a database as the version before the last migration left it
    std::filesystem::create_directories(f.dir / "state");
    ytm::store::Connection db(f.dir / "state/ytmonitor.db");
    ytm::store::migrate(db, ytm::test::migrations_before("_search_channels.sql"));
  }
  for (bool upgrading : {true, false}) {
    NotifySocket notify((f.dir / "notify.sock").string());
    auto daemon = f.start({{"NOTIFY_SOCKET", (f.dir / "notify.sock").string()}});
    REQUIRE(notify.wait_for("READY=1", 10s));
    auto extended = std::find_if(notify.received.begin(), notify.received.end(),
                                 [](const std::string& m) { return m.starts_with("EXTEND_TIMEOUT_USEC="); });
    CHECK((extended != notify.received.end()) == upgrading);
    if (upgrading && extended != notify.received.end()) {
      CHECK(*extended == "EXTEND_TIMEOUT_USEC=7200000000");
      CHECK(daemon.log().find("upgraded in") != std::string::npos);
    }
    daemon.signal(SIGTERM);
    CHECK(daemon.wait(10s) == 0);
    std::filesystem::remove(f.dir / "notify.sock");
  }
  CHECK(ytm::store::Store(f.dir / "state/ytmonitor.db").schema_version() ==
        static_cast<int>(ytm::embedded_migrations().size()));
}

TEST_CASE("editing the subscription list adds and removes channels without a restart") {
  DaemonFixture f;
  auto first = f.add_channel("@first");
  auto second = f.add_channel("@second");
  f.subscribe({first});
  auto daemon = f.start();
  REQUIRE(eventually([&] { return f.feed_requests(first) >= 1; }, 10s));
  CHECK(f.feed_requests(second) == 0);
  f.subscribe({second});
  REQUIRE(eventually([&] { return f.feed_requests(second) >= 1; }, 10s));
  CHECK(daemon.wait_for_log("no longer in the subscription list", 5s));
  int first_polls = f.feed_requests(first);
  std::this_thread::sleep_for(2500ms);
  CHECK(f.feed_requests(first) == first_polls);  // stopped
  daemon.signal(SIGTERM);
  CHECK(daemon.wait(10s) == 0);
}

TEST_CASE("a bad edit keeps the last good configuration and logs FILE:LINE:COLUMN errors") {
  DaemonFixture f;
  auto id = f.add_channel("@steady");
  f.subscribe({id});
  auto daemon = f.start();
  REQUIRE(eventually([&] { return f.feed_requests(id) >= 1; }, 10s));
  f.dir.write("subscriptions.yaml.tmp", "channels:\n  - id: UC-broken\n");
  std::filesystem::rename(f.dir / "subscriptions.yaml.tmp", f.dir / "subscriptions.yaml");
  auto path = (f.dir / "subscriptions.yaml").string();
  REQUIRE(daemon.wait_for_log(path + ":2:9: 'id' must be a channel id", 10s));
  CHECK(daemon.wait_for_log("the last good configuration stays in use", 2s));
  int polls = f.feed_requests(id);
  CHECK(eventually([&] { return f.feed_requests(id) > polls; }, 5s));  // still polling the old list
  daemon.signal(SIGTERM);
  CHECK(daemon.wait(10s) == 0);
}

TEST_CASE("a title filter with 20,000 nested parentheses saved under a running daemon keeps the last good list") {
  DaemonFixture f;
  auto id = f.add_channel("@nested");
  f.subscribe({id});
  auto daemon = f.start();
  REQUIRE(eventually([&] { return f.feed_requests(id) >= 1; }, 10s));
  f.dir.write("subscriptions.yaml.tmp", "channels:\n  - id: " + id + "\n    include: \"" + std::string(20000, '(') +
                                            "a" + std::string(20000, ')') + "\"\n");
  std::filesystem::rename(f.dir / "subscriptions.yaml.tmp", f.dir / "subscriptions.yaml");
  auto path = (f.dir / "subscriptions.yaml").string();
  REQUIRE(daemon.wait_for_log(path + ":3:14: 'include' is not a valid regular expression", 10s));
  CHECK(daemon.wait_for_log("the last good configuration stays in use", 2s));
  int polls = f.feed_requests(id);
  CHECK(eventually([&] { return f.feed_requests(id) > polls; }, 5s));  // alive, polling the old list
  daemon.signal(SIGTERM);
  CHECK(daemon.wait(10s) == 0);
}

TEST_CASE("SIGHUP reloads the configuration") {
  DaemonFixture f;
  auto first = f.add_channel("@hup1");
  auto second = f.add_channel("@hup2");
  f.subscribe({first});
  auto daemon = f.start();
  REQUIRE(daemon.wait_for_log("running", 10s));
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("configuration reloaded (SIGHUP)", 5s));
  daemon.signal(SIGTERM);
  CHECK(daemon.wait(10s) == 0);
  (void)second;
}

TEST_CASE("feeds that stall or fail never push the fetches past max_concurrent_fetches") {
  DaemonFixture f;
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(f.add_channel("@capped" + std::to_string(i)));
  // A third stall for 2 s, a third answer 500 or 429 (each now and then), the rest are fine.
  for (int i = 0; i < 12; i += 3) {
    f.youtube.set_behaviour(ids[i], json{{"stall", 2}, {"scope", "feed"}}.dump());
    f.youtube.set_behaviour(ids[i + 1], json{{"status", i % 2 ? 429 : 500}, {"times", 2}, {"scope", "feed"}}.dump());
  }
  f.youtube.post("/_control/stats/reset", "{}");
  f.subscribe(ids);
  auto daemon = f.start();
  REQUIRE(daemon.wait_for_log("running", 10s));
  std::this_thread::sleep_for(15s);
  auto stats = json::parse(f.youtube.get("/_control/stats").body);
  INFO(stats.dump());
  CHECK(stats["max_in_flight"].get<int>() <= 4);  // the default max_concurrent_fetches
  CHECK(stats["max_in_flight"].get<int>() >= 2);  // stalls did overlap: the cap was put to the test
  daemon.signal(SIGTERM);
  CHECK(daemon.wait(10s) == 0);
}

TEST_CASE("feeds that stall past every timeout give their fetch slots up after a few seconds") {
  DaemonFixture f;
  std::vector<std::string> stalled;
  std::vector<std::string> healthy;
  for (int i = 0; i < 4; ++i) stalled.push_back(f.add_channel("@stalled" + std::to_string(i)));
  for (int i = 0; i < 4; ++i) healthy.push_back(f.add_channel("@healthy" + std::to_string(i)));
  for (const auto& id : stalled) {
    f.youtube.set_behaviour(id, json{{"stall", 60}, {"scope", "feed"}}.dump());
  }
  auto all = stalled;
  all.insert(all.end(), healthy.begin(), healthy.end());
  f.subscribe(all);
  auto daemon = f.start();
  REQUIRE(daemon.wait_for_log("running", 10s));
  // The four stalled feeds take all four fetch slots again and again; the others (due every
  // second) get a slot whenever a stalled request gives its slot up at the first-byte timeout.
  std::map<std::string, int> polls;
  std::map<std::string, std::chrono::steady_clock::time_point> last_poll;
  std::chrono::steady_clock::duration longest_wait{};
  auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < 25s) {
    auto now = std::chrono::steady_clock::now();
    for (const auto& id : healthy) {
      int n = f.feed_requests(id);
      if (n != polls[id] || last_poll.count(id) == 0) {
        if (last_poll.count(id) != 0 && polls[id] > 0) longest_wait = std::max(longest_wait, now - last_poll[id]);
        polls[id] = n;
        last_poll[id] = now;
      }
    }
    std::this_thread::sleep_for(250ms);
  }
  INFO(daemon.log());
  // A stalled request that held its slot for the whole request_timeout (30 s), or the 15 s header
  // timeout, would leave these channels unpolled that long.
  CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(longest_wait).count() < 9000);
  for (const auto& id : healthy) CHECK(polls[id] >= 4);
  daemon.signal(SIGTERM);
  CHECK(daemon.wait(15s) == 0);
}

TEST_CASE("SIGTERM with feed requests stalled stops the daemon at once, cleanly, each time") {
  DaemonFixture f;
  std::vector<std::string> ids;
  for (int i = 0; i < 24; ++i) ids.push_back(f.add_channel("@stuck" + std::to_string(i)));
  for (const auto& id : ids) {
    f.youtube.set_behaviour(id, json{{"stall", 60}, {"scope", "feed"}}.dump());
  }
  f.subscribe(ids);
  // Each start stops while 4 requests are stalled and 20 polls wait for a fetch slot. Those
  // coroutines used to be destroyed after the monitor and store they use: a heap corrupted at exit
  // (SIGABRT, 'corrupted double-linked list') in most rounds.
  for (int round = 0; round < 4; ++round) {
    auto sent = [&] { return json::parse(f.youtube.get("/_control/stats").body)["total"].get<int>(); };
    const int before = sent();
    auto daemon = f.start();
    REQUIRE(daemon.wait_for_log("running", 10s));
    REQUIRE(eventually([&] { return sent() >= before + 4; }, 20s));  // every fetch slot holds a stalled request
    daemon.signal(SIGTERM);
    // Well before the 5 s first-byte timeout would end those requests, and long before the stall.
    auto ended = daemon.wait(4s);
    INFO("round " << round << "\n" << daemon.log());
    REQUIRE(ended.has_value());
    CHECK(*ended == 0);
    CHECK(daemon.log().find("stopped") != std::string::npos);
  }
}

TEST_CASE("a handle nobody has shows why, how often it failed and the next try in status, the API and the page") {
  DaemonFixture f;
  auto id = f.add_channel("@exists");
  f.dir.write("config.yaml", "state_dir: state\nworkers: 1\nyoutube:\n  base_url: " + f.youtube.base_url() +
                                 "\n  poll_interval: 1s\n  jitter: 0\nstatus:\n  listen: 127.0.0.1:0\n"
                                 "transcript:\n  command: /bin/false\n");
  f.subscribe({id, "'@NoSuchHandle123'"});
  auto daemon = f.start();
  INFO(daemon.log());
  const std::string reason =
      "cannot resolve @NoSuchHandle123: YouTube has no channel with the handle @NoSuchHandle123 (its page answers 404)";
  auto unresolved = [](const json& report) {
    for (const auto& c : report["channels"])
      if (c["source"] == "@NoSuchHandle123") return c;
    return json();
  };
  json channel;
  REQUIRE(eventually(
      [&] {
        auto r = ytm::test::ytmonitor({"--config", (f.dir / "config.yaml").string(), "status", "--json"});
        if (r.exit_code != 0) return false;
        channel = unresolved(json::parse(r.out));
        return channel.is_object() && channel["failures"].get<int>() >= 1;
      },
      30s));
  CHECK(channel["last_result"] == "unresolved");
  CHECK(channel["last_error"] == reason);
  CHECK(channel["next_poll"].is_string());
  auto text = ytm::test::ytmonitor({"--config", (f.dir / "config.yaml").string(), "status"}).out;
  CHECK(text.find(reason) != std::string::npos);
  std::smatch port;
  const auto log = daemon.log();
  REQUIRE(std::regex_search(log, port, std::regex(R"(status page on http://127\.0\.0\.1:(\d+)/)")));
  auto api = json::parse(ytm::test::loopback_get(std::stoi(port[1]), "/api/status").body);
  CHECK(unresolved(api)["last_error"] == reason);
  CHECK(unresolved(api)["failures"].get<int>() >= 1);
  auto page = ytm::test::loopback_get(std::stoi(port[1]), "/").body;
  CHECK(page.find("YouTube has no channel with the handle @NoSuchHandle123") != std::string::npos);
  CHECK(log.find("may be gone, or its id is wrong") == std::string::npos);  // not the words for an id
}
