// The channel monitor against the stand-in YouTube on loopback, with a real SQLite store.
#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <nlohmann/json.hpp>

#include "../feed/fake_youtube.hpp"
#include "monitor/monitor.hpp"
#include "net/http_client.hpp"
#include "support/temp_dir.hpp"
#include "transcript/ytdlp_gate.hpp"

using namespace ytm;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct MonitorFixture {
  test::FakeYoutube youtube;
  test::TempDir dir;
  store::Store store{dir / "ytmonitor.db"};
  config::Config config;

  explicit MonitorFixture(std::vector<std::string> args = {}) : youtube(std::move(args)) {
    config.youtube.base_url = youtube.base_url();
    config.youtube.request_timeout = 2s;
  }

  json control(const std::string& target, const json& body) {
    auto r = youtube.post("/_control/" + target, body.dump());
    REQUIRE(r.status == 200);
    return json::parse(r.body);
  }
  json stats() { return json::parse(youtube.get("/_control/stats").body); }

  std::string add_channel(const std::string& handle, int videos) {
    auto ch = control("channels", {{"handle", handle}, {"title", "Channel " + handle}});
    std::string id = ch["id"];
    for (int i = 0; i < videos; ++i) publish(id, "Old video " + std::to_string(i), 1'700'000'000 + i * 1000);
    return id;
  }
  std::string publish(const std::string& channel, const std::string& title, long long published) {
    return control("channels/" + channel + "/videos", {{"title", title}, {"published", published}})["id"];
  }

  std::map<std::string, monitor::PollReport> poll(const config::Subscriptions& subs) {
    boost::asio::io_context io(1);
    BlockingPool pool(2);
    net::HttpClient http(io.get_executor(), {});
    monitor::Monitor monitor(io, pool, store, http, config,
                             std::make_shared<transcript::YtdlpGate>(config.transcript.min_interval));
    auto done = boost::asio::co_spawn(io, monitor.poll_all(subs), boost::asio::use_future);
    io.run();
    return done.get();
  }
};

config::Subscriptions subscribe(std::initializer_list<std::string> ids, int backfill = 0) {
  config::Subscriptions subs;
  for (const auto& id : ids) {
    config::Channel c;
    (id[0] == '@' ? c.handle : c.id) = id;
    c.backfill = backfill;
    subs.channels.push_back(c);
  }
  return subs;
}

int count_state(const store::Store& store, store::VideoState state) {
  return static_cast<int>(store.videos(state).size());
}

}  // namespace

TEST_CASE("a new channel queues its backfill newest videos, and later uploads are queued on the next poll") {
  MonitorFixture f;
  auto id = f.add_channel("@first", 4);
  auto subs = subscribe({id}, 1);
  auto reports = f.poll(subs);
  CHECK(reports.at(id).result == "ok");
  CHECK(count_state(f.store, store::VideoState::queued) == 1);
  CHECK(count_state(f.store, store::VideoState::seen) == 3);
  auto newest = f.store.videos(store::VideoState::queued).at(0);
  CHECK(newest.title == "Old video 3");

  auto fresh = f.publish(id, "Brand new upload", 1'800'000'000);
  f.poll(subs);
  auto video = f.store.video(fresh);
  REQUIRE(video);
  CHECK(video->state == store::VideoState::queued);
  CHECK(video->origin == "feed");
  CHECK(count_state(f.store, store::VideoState::queued) == 2);
  f.poll(subs);
  CHECK(f.store.videos().size() == 5);  // recorded once, however often polled
}

TEST_CASE("a channel given by @handle is resolved through its page once, then from the cache") {
  MonitorFixture f;
  auto id = f.add_channel("@byhandle", 1);
  auto subs = subscribe({"@byhandle"});
  f.poll(subs);
  auto alias = f.store.alias("@byhandle");
  REQUIRE(alias);
  CHECK(alias->channel_id == id);
  CHECK(f.store.channel(id)->last_result == "ok");
  f.poll(subs);
  CHECK(f.stats()["requests"].value("/@byhandle", 0) == 1);
}

TEST_CASE("never more than max_concurrent_fetches requests in flight across all channels") {
  MonitorFixture f({"--latency-ms", "150"});
  f.config.youtube.max_concurrent_fetches = 3;
  config::Subscriptions subs;
  for (int i = 0; i < 12; ++i) {
    auto id = f.add_channel("@c" + std::to_string(i), 2);
    subs.channels.push_back(subscribe({id}).channels[0]);
  }
  auto reports = f.poll(subs);
  CHECK(reports.size() == 12);
  auto stats = f.stats();
  CHECK(stats["max_in_flight"] == 3);
}

TEST_CASE("HTTP failures are recorded per channel with their reason and never stop the others") {
  MonitorFixture f;
  auto ok = f.add_channel("@fine", 2);
  auto missing = f.add_channel("@missing", 2);
  auto limited = f.add_channel("@limited", 2);
  auto broken = f.add_channel("@broken", 2);
  auto stalled = f.add_channel("@stalled", 2);
  auto huge = f.add_channel("@huge", 2);
  f.control("channels/" + missing + "/behaviour", {{"status", 404}});
  f.control("channels/" + limited + "/behaviour", {{"status", 429}, {"retry_after", 3600}});
  f.control("channels/" + broken + "/behaviour", {{"truncate", true}});
  f.control("channels/" + stalled + "/behaviour", {{"stall", 10}});
  f.control("channels/" + huge + "/behaviour", {{"oversize", 64 * 1024 * 1024}});
  f.config.youtube.request_timeout = 500ms;
  auto before = now_unix();
  auto reports = f.poll(subscribe({ok, missing, limited, broken, stalled, huge}));
  CHECK(reports.at(ok).result == "ok");
  CHECK(reports.at(missing).result == "http_404");
  CHECK(reports.at(limited).result == "http_429");
  CHECK(reports.at(broken).result == "bad_response");
  CHECK(reports.at(stalled).result == "timeout");
  CHECK(reports.at(huge).result == "body_too_large");
  auto m = f.store.channel(missing);
  CHECK(m->not_found_since.has_value());
  CHECK(m->last_error.find("not found") != std::string::npos);
  CHECK(f.store.channel(limited)->next_poll_at >= before + 3600);  // Retry-After honoured
  CHECK(f.store.channel(ok)->consecutive_failures == 0);
  CHECK(f.store.channel(broken)->consecutive_failures == 1);
}

TEST_CASE("validators from the server make the next poll conditional") {
  MonitorFixture f;
  auto id = f.add_channel("@cached", 2);
  f.control("channels/" + id + "/behaviour", {{"validators", true}});
  auto subs = subscribe({id});
  f.poll(subs);
  CHECK_FALSE(f.store.channel(id)->etag.empty());
  auto second = f.poll(subs);
  CHECK(second.at(id).result == "unchanged");
  CHECK(f.stats()["conditional_hits"] == 1);
}

TEST_CASE("title filters and Shorts are recorded as skipped with their reason") {
  MonitorFixture f;
  auto id = f.add_channel("@filtered", 1);
  auto subs = subscribe({id});
  subs.channels[0].exclude = "trailer";
  f.poll(subs);
  auto trailer = f.publish(id, "Official TRAILER", 1'800'000'000);
  auto short_id = f.control("channels/" + id + "/videos", {{"title", "tiny"}, {"short", true}})["id"];
  f.poll(subs);
  CHECK(f.store.video(trailer)->state == store::VideoState::skipped);
  CHECK(f.store.video(trailer)->reason == "title matches exclude /trailer/");
  CHECK(f.store.video(short_id)->state == store::VideoState::skipped);
}

TEST_CASE("when the feed shows none of a known channel's videos, the uploads listing fills the gap") {
  MonitorFixture f;
  auto id = f.add_channel("@bursty", 0);
  f.control("channels/" + id + "/videos", {{"id", "known000001"}, {"title", "known"}, {"published", 1'700'000'000}});
  auto subs = subscribe({id});
  f.poll(subs);
  REQUIRE(f.store.video("known000001"));
  // A burst of 16 uploads: the 15-entry feed no longer shows the oldest of them, nor anything known.
  for (int i = 16; i >= 1; --i) {
    char vid[16];
    std::snprintf(vid, sizeof vid, "burst%06d", i);
    f.control("channels/" + id + "/videos", {{"id", vid}, {"title", vid}, {"published", 1'800'000'000 + i}});
  }
  std::string lines;
  for (int i = 16; i >= 1; --i) {
    char vid[16];
    std::snprintf(vid, sizeof vid, "burst%06d", i);
    lines += std::string("print('") + vid + "\\t" + vid + "')\n";
  }
  // A stand-in for yt-dlp's uploads listing: checks it was asked for a flat listing of the right page.
  auto script = f.dir.write("yt-dlp-listing",
                            "#!/usr/bin/env python3\nimport sys\n"
                            "assert '--flat-playlist' in sys.argv, sys.argv\n"
                            "assert sys.argv[-1].endswith('/channel/" +
                                id + "/videos'), sys.argv\n" + lines +
                                "print('known000001\\tknown')\nprint('older000001\\tolder')\n");
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  f.config.transcript.command = script.string();
  f.poll(subs);
  auto oldest = f.store.video("burst000001");
  REQUIRE(oldest);
  CHECK(oldest->origin == "gap");
  CHECK(oldest->state == store::VideoState::queued);
  CHECK(f.store.video("burst000016")->origin == "feed");
  CHECK_FALSE(f.store.video("older000001"));  // the listing stops at the newest known video
}

TEST_CASE("poll-once while every feed answers 404: an outage, so no channel is told it may be gone") {
  MonitorFixture f;
  config::Subscriptions subs;
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) {
    ids.push_back(f.add_channel("@down" + std::to_string(i), 1));
    subs.channels.push_back(subscribe({ids.back()}).channels[0]);
  }
  f.poll(subs);
  f.youtube.start_outage(404);
  auto reports = f.poll(subs);
  for (const auto& id : ids) {
    CHECK(reports.at(id).result == "http_404");
    auto c = f.store.channel(id);
    REQUIRE(c);
    CHECK_FALSE(c->not_found_since.has_value());
    CHECK_THAT(c->last_error, Catch::Contains("YouTube feeds failing since"));
    CHECK_THAT(c->last_error, !Catch::Contains("may be gone"));
  }
}
