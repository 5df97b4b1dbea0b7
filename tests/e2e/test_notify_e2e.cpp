// Notifications through the outbox, with the whole daemon: a kill -9 after the document is written
// and before anything is sent loses nothing; the restarted daemon sends each notification once,
// and no target URL (they hold secrets) shows up in a log, the status page or /metrics.
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <regex>
#include <set>

#include "e2e_fixture.hpp"
#include "store/store.hpp"
#include "support/loopback_http.hpp"
#include "support/run.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::test::Background;
using ytm::test::EndToEnd;
using ytm::test::eventually;
using ytm::test::status_port;

namespace {

std::vector<json> json_lines(const std::filesystem::path& file) {
  std::vector<json> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
  return out;
}

struct Outbox {
  int pending = 0, sent = 0, failed = 0;
};

Outbox outbox(const std::filesystem::path& db) {
  ytm::store::Store store(db);
  auto c = store.outbox_counts();
  return {static_cast<int>(c.pending), static_cast<int>(c.sent), static_cast<int>(c.failed)};
}

constexpr const char* webhook_secret = "hook-SECRET-7f3a";
constexpr const char* ntfy_secret = "topic-SECRET-91bc";
constexpr const char* token_secret = "token-SECRET-55de";

}  // namespace

TEST_CASE("kill -9 between the document and the send: after a restart every notification goes out once") {
  EndToEnd e;
  auto hook = std::make_unique<Background>(std::vector<std::string>{YTM_TESTS_DIR "/fakes/fake_webhook", "--port", "0"},
                                           e.dir / "webhook.log");
  REQUIRE(eventually([&] { return hook->log().find('\n') != std::string::npos; }, 10s));
  int hook_port = std::stoi(hook->log());
  auto apprise_dir = e.dir / "apprise";
  std::filesystem::create_directories(apprise_dir);
  std::vector<std::pair<std::string, std::string>> env = {{"FAKE_APPRISE_DIR", apprise_dir.string()}};
  e.append_config("notify:\n  webhook_url: http://127.0.0.1:" + std::to_string(hook_port) + "/" + webhook_secret +
                  "\n  apprise: [\"ntfys://" + ntfy_secret + "\", \"tgram://" + token_secret +
                  "/12345\"]\n  apprise_command: " YTM_TESTS_DIR "/fakes/apprise\n");
  auto channel = e.add_channel("@notify", "An old video");
  e.subscribe({channel});
  // The webhook never answers and apprise never finishes: the daemon is stuck in the first send.
  ytm::test::loopback_post(hook_port, "/_control/mode", R"({"mode": "hang"})");
  e.dir.write("apprise/mode", "hang");

  auto first = e.start_daemon("first.log", env);
  INFO(first->log());
  REQUIRE(first->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
  REQUIRE(eventually([&] { return ytm::store::Store(e.database()).channel(channel).has_value(); }, 15s));
  e.publish(channel, "creatorEN01", "Notify me");
  REQUIRE(eventually([&] { return !e.documents().empty(); }, 150s));
  REQUIRE(eventually([&] { return ytm::test::loopback_get(hook_port, "/_control/held").body == "1"; }, 30s));
  first->signal(SIGKILL);
  first->wait(5s);
  auto before = outbox(e.database());
  CHECK(before.pending == 3);  // the webhook and both Apprise URLs, recorded with the document
  CHECK(before.sent == 0);
  CHECK_FALSE(std::filesystem::exists(apprise_dir / "sent.jsonl"));
  CHECK(json::parse(ytm::test::loopback_get(hook_port, "/_control/received").body).empty());

  ytm::test::loopback_post(hook_port, "/_control/mode", R"({"mode": "ok"})");
  e.dir.write("apprise/mode", "ok");
  auto second = e.start_daemon("second.log", env);
  INFO(second->log());
  REQUIRE(eventually([&] { return outbox(e.database()).sent == 3; }, 60s));
  auto received = json::parse(ytm::test::loopback_get(hook_port, "/_control/received").body);
  REQUIRE(received.size() == 1);
  auto payload = json::parse(received[0]["body"].get<std::string>());
  CHECK(payload["video_id"] == "creatorEN01");
  auto title = payload["title"].get<std::string>();  // the title yt-dlp reports
  CHECK_FALSE(title.empty());
  CHECK(payload["link"] == "https://www.youtube.com/watch?v=creatorEN01");
  CHECK_FALSE(payload["tldr"].get<std::string>().empty());
  CHECK(payload["path"].get<std::string>().ends_with(title + ".md"));

  auto sent = json_lines(apprise_dir / "sent.jsonl");
  REQUIRE(sent.size() == 2);
  std::set<std::string> urls;
  for (const auto& s : sent) {
    urls.insert(s["urls"].get<std::string>());
    CHECK(s["title"].get<std::string>().find(title) != std::string::npos);
    CHECK(s["body"].get<std::string>().find(payload["tldr"].get<std::string>()) != std::string::npos);
    CHECK(s["body"].get<std::string>().find("https://www.youtube.com/watch?v=creatorEN01") != std::string::npos);
    CHECK(s["argv"].dump().find("SECRET") == std::string::npos);  // not on a command line others can read
  }
  CHECK(urls == std::set<std::string>{std::string("ntfys://") + ntfy_secret,
                                      std::string("tgram://") + token_secret + "/12345"});

  int port = status_port(*second);
  REQUIRE(port > 0);
  auto page = ytm::test::loopback_get(port, "/").body;
  auto api = ytm::test::loopback_get(port, "/api/status").body;
  auto metrics = ytm::test::loopback_get(port, "/metrics").body;
  CHECK(json::parse(api)["notifications"]["sent"] == 3);
  CHECK(metrics.find("ytmonitor_notifications{state=\"sent\"} 3") != std::string::npos);
  CHECK(metrics.find("ytmonitor_notifications{state=\"pending\"} 0") != std::string::npos);
  auto feed = ytm::test::loopback_get(port, "/feed.xml");
  CHECK(feed.status == 200);
  CHECK(feed.body.find("<title>" + title + "</title>") != std::string::npos);
  // The entry's related link resolves against the feed's own address to the document itself.
  std::smatch related;
  REQUIRE(std::regex_search(feed.body, related,
                            std::regex(R"re(<link rel="related" type="text/markdown" href="([^"]+)")re")));
  auto markdown = ytm::test::loopback_get(port, "/" + related[1].str());
  CHECK(markdown.status == 200);
  CHECK(markdown.body == ytm::test::read_file(e.output() / payload["path"].get<std::string>()));
  CHECK(ytm::test::loopback_get(port, "/config.md").status == 404);
  CHECK(ytm::test::loopback_get(port, "/../config.yaml%00.md").status == 404);
  second->signal(SIGTERM);
  CHECK(second->wait(10s) == 0);
  for (const auto& text : {first->log(), second->log(), page, api, metrics}) {
    CHECK(text.find("SECRET") == std::string::npos);
  }
  auto status = ytm::test::ytmonitor({"--config", (e.dir / "config.yaml").string(), "status"});
  CHECK(status.out.find("Notifications: 0 pending, 0 failed, 3 sent") != std::string::npos);
  CHECK(status.out.find("SECRET") == std::string::npos);
}
