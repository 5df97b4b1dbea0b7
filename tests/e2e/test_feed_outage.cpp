// YouTube's daily feed outage through the real daemon: `ytmonitor run` against the stand-in YouTube
// (every feed answering 404 with Google's page for a while) and the stand-in yt-dlp listing the
// channels' uploads. The fixture's short poll_interval, otherwise the defaults (min_interval 10 s).
#include <catch2/catch.hpp>

#include <optional>
#include <regex>
#include <thread>

#include "core/time.hpp"
#include "e2e_fixture.hpp"
#include "store/store.hpp"
#include "support/loopback_http.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::test::api_status;
using ytm::test::EndToEnd;
using ytm::test::eventually;
using ytm::test::status_cli;

namespace {

// The fixture spaces yt-dlp runs 0 s apart; a user's daemon waits about 10 s between them.
void default_ytdlp_spacing(EndToEnd& e) {
  auto text = ytm::test::read_file(e.dir / "config.yaml");
  const std::string fixture = "  min_interval: 0s\n";
  REQUIRE(text.find(fixture) != std::string::npos);
  text.erase(text.find(fixture), fixture.size());
  e.dir.write("config.yaml", text);
}

long feed_requests(const EndToEnd& e) {
  long n = 0;
  for (const auto& [path, count] : json::parse(e.youtube.get("/_control/stats").body)["requests"].items()) {
    if (path.rfind("/feeds/", 0) == 0) n += count.get<long>();
  }
  return n;
}

// Every channel's feed answered well at or after `after`.
bool all_polled_ok_after(const EndToEnd& e, const std::vector<std::string>& channels, ytm::UnixTime after) {
  ytm::store::Store store(e.database());
  for (const auto& id : channels) {
    auto c = store.channel(id);
    const bool answered = c && (c->last_result == "ok" || c->last_result == "unchanged");
    if (!answered || !c->last_poll_at || *c->last_poll_at < after) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("all feeds answering 404: status says so, uploads are found through yt-dlp, and all resume after") {
  EndToEnd e;
  default_ytdlp_spacing(e);
  std::vector<std::string> channels;
  for (const char* handle : {"@out1", "@out2", "@out3"}) channels.push_back(e.add_channel(handle, "An old video"));
  e.subscribe(channels);
  auto daemon = e.start_daemon();
  INFO(daemon->log());
  REQUIRE(eventually([&] { return status_port(*daemon) > 0 && all_polled_ok_after(e, channels, 0); }, 20s));

  e.youtube.start_outage(404);
  json api;
  REQUIRE(eventually(
      [&] {
        api = api_status(*daemon);
        return api.contains("youtube_feeds") && api["youtube_feeds"].value("failing", false);
      },
      15s));
  const std::regex failing_since(R"(YouTube feeds failing since \d\d:\d\d \(404\))");
  CHECK(std::regex_search(api["youtube_feeds"]["text"].get<std::string>(), failing_since));
  auto status = status_cli(e);
  CHECK(std::regex_search(status, failing_since));
  CHECK_THAT(status, !Catch::Contains("every check passes"));
  auto port = status_port(*daemon);
  CHECK(std::regex_search(ytm::test::loopback_get(port, "/").body, failing_since));
  CHECK_THAT(ytm::test::loopback_get(port, "/metrics").body, Catch::Contains("ytmonitor_youtube_feeds_failing 1\n"));
  for (const auto& c : api["channels"]) {
    CHECK(c["not_found_since"].is_null());
    CHECK_THAT(c["last_error"].get<std::string>(), !Catch::Contains("may be gone"));
  }

  // One probe a poll interval's third (here 1 s), not every channel every second.
  const long before = feed_requests(e);
  std::this_thread::sleep_for(5s);
  CHECK(feed_requests(e) - before <= 7);

  e.youtube.publish(channels[1], "Published while the feeds fail", ytm::now_unix(), "bulk0outage");
  std::optional<ytm::store::VideoRecord> found;
  REQUIRE(eventually(
      [&] {
        found = ytm::store::Store(e.database()).video("bulk0outage");
        return found.has_value();
      },
      60s));
  CHECK(found->origin == "listing");
  CHECK(found->channel_id == channels[1]);
  CHECK(found->state != ytm::store::VideoState::seen);
  CHECK(found->state != ytm::store::VideoState::skipped);

  const auto back = ytm::now_unix();
  e.youtube.end_outage();
  CHECK(eventually([&] { return all_polled_ok_after(e, channels, back); }, 10s));
  CHECK(eventually([&] { return !api_status(*daemon)["youtube_feeds"].value("failing", true); }, 5s));
  CHECK(eventually([&] { return status_cli(e).find("YouTube feeds failing") == std::string::npos; }, 5s));
  CHECK_THAT(ytm::test::loopback_get(port, "/metrics").body, Catch::Contains("ytmonitor_youtube_feeds_failing 0\n"));
  CHECK(daemon->log().find("YouTube feeds answer again") != std::string::npos);
}

TEST_CASE("one channel answering 404 while the others answer is backed off and told it may be gone") {
  EndToEnd e;
  default_ytdlp_spacing(e);
  std::vector<std::string> channels;
  for (const char* handle : {"@fine1", "@fine2", "@fine3", "@gone"}) channels.push_back(e.add_channel(handle, "Old"));
  e.youtube.set_behaviour(channels[3], R"({"status": 404})");
  e.subscribe(channels);
  auto daemon = e.start_daemon();
  INFO(daemon->log());
  REQUIRE(eventually([&] { return status_port(*daemon) > 0; }, 20s));
  std::optional<ytm::store::ChannelRecord> gone;
  REQUIRE(eventually(
      [&] {
        gone = ytm::store::Store(e.database()).channel(channels[3]);
        return gone && gone->consecutive_failures >= 3;
      },
      30s));
  CHECK(gone->not_found_since.has_value());
  CHECK_THAT(gone->last_error, Catch::Contains("the channel may be gone, or its id is wrong"));
  // Backed off: 1 s, 2 s, 4 s … after the fixture's 1 s interval, while the others poll every second.
  CHECK(*gone->next_poll_at - *gone->last_poll_at >= 3);
  CHECK(all_polled_ok_after(e, {channels[0], channels[1], channels[2]}, 0));
  auto api = api_status(*daemon);
  CHECK_FALSE(api["youtube_feeds"].value("failing", true));
  CHECK_THAT(status_cli(e), !Catch::Contains("YouTube feeds failing"));
  CHECK(daemon->log().find("for most channels at once") == std::string::npos);
}
