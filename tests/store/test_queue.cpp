#include <catch2/catch.hpp>

#include "store/store.hpp"
#include "support/temp_dir.hpp"

using namespace ytm::store;
using ytm::Failure;
using ytm::test::TempDir;

namespace {

const std::string channel = "UCbfYPyITQ-7l4upoX8nvctg";

NewVideo video(const std::string& id, ytm::UnixTime published, VideoState state = VideoState::queued) {
  NewVideo v;
  v.id = id;
  v.channel_id = channel;
  v.title = "Video " + id;
  v.published_at = published;
  v.state = state;
  return v;
}

struct Fixture {
  TempDir dir;
  Store store{dir / "ytmonitor.db"};
  Fixture() { store.ensure_channel(channel, "Two Minute Papers", "@TwoMinutePapers", 1000); }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "a video is recorded once however often the feed shows it") {
  CHECK(store.insert_video(video("aaaaaaaaaaa", 500), 1000));
  CHECK_FALSE(store.insert_video(video("aaaaaaaaaaa", 500), 2000));
  CHECK(store.queue_counts().by_state.at("queued") == 1);
  CHECK(store.video("aaaaaaaaaaa")->discovered_at == 1000);
}

TEST_CASE_METHOD(Fixture, "claims take the newest upload first and count attempts") {
  store.insert_video(video("old", 100), 1000);
  store.insert_video(video("new", 900), 1000);
  store.insert_video(video("seen", 950, VideoState::seen), 1000);
  auto first = store.claim_next("w1", 1000, 1600);
  REQUIRE(first);
  CHECK(first->video_id == "new");
  CHECK(first->attempt == 1);
  auto second = store.claim_next("w2", 1000, 1600);
  REQUIRE(second);
  CHECK(second->video_id == "old");
  CHECK_FALSE(store.claim_next("w3", 1000, 1600));  // "seen" is never processed
  CHECK(store.video("new")->state == VideoState::processing);
}

TEST_CASE_METHOD(Fixture, "a crashed worker's video is taken over after its lease expires, not before") {
  store.insert_video(video("v1", 100), 1000);
  auto lease = store.claim_next("dead-worker", 1000, 1600);
  REQUIRE(lease);
  CHECK_FALSE(store.claim_next("w2", 1599, 2200));
  auto taken = store.claim_next("w2", 1601, 2200);
  REQUIRE(taken);
  CHECK(taken->video_id == "v1");
  CHECK(taken->attempt == 2);
  // The old owner finds out it lost the lease and cannot finish or fail the video.
  CHECK_FALSE(store.complete(*lease, 1700));
  CHECK_FALSE(store.renew_lease(*lease, 3000));
  CHECK(store.complete(*taken, 1700));
  CHECK(store.video("v1")->state == VideoState::done);
}

TEST_CASE_METHOD(Fixture, "renewing a lease keeps others away") {
  store.insert_video(video("v1", 100), 1000);
  auto lease = store.claim_next("w1", 1000, 1600);
  REQUIRE(store.renew_lease(*lease, 2600));
  CHECK_FALSE(store.claim_next("w2", 2000, 2600));
}

TEST_CASE_METHOD(Fixture, "a transient failure waits until its retry time, a permanent one fails with its reason") {
  store.insert_video(video("v1", 100), 1000);
  store.insert_video(video("v2", 50), 1000);
  auto l1 = store.claim_next("w", 1000, 1600);
  REQUIRE(store.fail(*l1, Failure::http(ytm::FailureKind::transient, 429, "YouTube said too many requests"), 5000, 1001));
  auto v1 = store.video("v1");
  CHECK(v1->state == VideoState::waiting);
  CHECK(v1->failure_code == "http_429");
  CHECK(v1->next_attempt_at == 5000);
  auto l2 = store.claim_next("w", 1002, 1600);
  REQUIRE(l2->video_id == "v2");
  REQUIRE(store.fail(*l2, Failure::permanent(ytm::FailureCode::private_video, "the video is private"), std::nullopt, 1003));
  CHECK(store.video("v2")->state == VideoState::failed);
  CHECK(store.video("v2")->reason == "the video is private");
  CHECK_FALSE(store.claim_next("w", 4999, 5600));
  auto again = store.claim_next("w", 5000, 5600);
  REQUIRE(again);
  CHECK(again->video_id == "v1");
  CHECK(again->attempt == 2);
  auto counts = store.queue_counts();
  CHECK(counts.by_failure_code.at("private") == 1);
}

TEST_CASE_METHOD(Fixture, "a paused stage does not use up the video's attempts") {
  store.insert_video(video("v1", 100), 1000);
  auto lease = store.claim_next("w", 1000, 1600);
  store.fail(*lease, Failure::paused(ytm::FailureCode::auth, "the model rejected the API key"), 1300, 1001);
  CHECK(store.video("v1")->attempts == 0);
  CHECK(store.video("v1")->state == VideoState::waiting);
}

TEST_CASE_METHOD(Fixture, "shutting down hands a video back to the queue without counting the try") {
  store.insert_video(video("v1", 100), 1000);
  auto lease = store.claim_next("w", 1000, 1600);
  REQUIRE(store.release(*lease, "daemon stopped", 1001));
  auto v = store.video("v1");
  CHECK(v->state == VideoState::queued);
  CHECK(v->attempts == 0);
}

TEST_CASE_METHOD(Fixture, "retry queues failed videos again, one or all") {
  for (const auto* id : {"a", "b", "c"}) {
    store.insert_video(video(id, 100), 1000);
    auto lease = store.claim_next("w", 1000, 1600);
    store.fail(*lease, Failure::permanent(ytm::FailureCode::removed, "gone"), std::nullopt, 1001);
  }
  CHECK(store.retry("a", 2000) == 1);
  CHECK(store.retry("nonexistent", 2000) == 0);
  CHECK(store.video("a")->state == VideoState::queued);
  CHECK(store.video("a")->attempts == 0);
  CHECK(store.retry_failed(2001) == 2);
  CHECK(store.queue_counts().by_state.at("queued") == 3);
}

TEST_CASE_METHOD(Fixture, "retry --failed also takes waiting videos (held back by a pause), not done or queued ones") {
  for (const auto* id : {"failed", "waiting", "done", "queued"}) store.insert_video(video(id, 100), 1000);
  auto failed = store.claim_video("failed", "w", 1000, 1600);
  store.fail(*failed, Failure::permanent(ytm::FailureCode::removed, "gone"), std::nullopt, 1001);
  auto waiting = store.claim_video("waiting", "w", 1000, 1600);
  store.fail(*waiting, Failure::paused(ytm::FailureCode::bot_check, "YouTube work is paused"), 99999, 1001);
  auto done = store.claim_video("done", "w", 1000, 1600);
  store.complete(*done, 1001);
  CHECK(store.retry_failed(2000) == 2);
  CHECK(store.video("waiting")->state == VideoState::queued);
  CHECK(store.video("failed")->state == VideoState::queued);
  CHECK(store.video("done")->state == VideoState::done);
}

TEST_CASE_METHOD(Fixture, "process claims a given video unless a live lease holds it") {
  store.insert_video(video("v1", 100), 1000);
  auto daemon = store.claim_next("daemon", 1000, 1600);
  CHECK_FALSE(store.claim_video("v1", "cli", 1200, 1800));
  auto cli = store.claim_video("v1", "cli", 1601, 2200);
  REQUIRE(cli);
  CHECK(cli->owner == "cli");
}

TEST_CASE_METHOD(Fixture, "skips keep their reason") {
  store.insert_video(video("v1", 100), 1000);
  auto lease = store.claim_next("w", 1000, 1600);
  store.skip(*lease, "too_short", "shorter than min_duration 2m", 1001);
  auto v = store.video("v1");
  CHECK(v->state == VideoState::skipped);
  CHECK(v->reason == "shorter than min_duration 2m");
}

TEST_CASE("two processes sharing the database see each other's claims") {
  TempDir dir;
  Store a(dir / "ytmonitor.db");
  Store b(dir / "ytmonitor.db");
  a.ensure_channel(channel, "x", "x", 1);
  a.insert_video(video("v1", 100), 1000);
  auto la = a.claim_next("a", 1000, 1600);
  REQUIRE(la);
  CHECK_FALSE(b.claim_next("b", 1000, 1600));
  CHECK(b.video("v1")->state == VideoState::processing);
}
