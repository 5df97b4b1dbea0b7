// Leases record the process behind them: a claim takes over at once from an owner that is gone,
// never from one that runs, and a video whose runs keep ending with their process is failed.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include "store/migrate.hpp"
#include "store/sqlite.hpp"
#include "store/store.hpp"
#include "support/migrations.hpp"
#include "support/temp_dir.hpp"

using namespace ytm::store;
using ytm::ProcessIdentity;
using ytm::self_identity;

namespace {

// A pid that no longer runs: a child that has exited and been reaped.
std::int64_t gone_pid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

struct Fixture {
  ytm::test::TempDir dir;
  Store store{dir / "ytmonitor.db"};
  Fixture() {
    store.ensure_channel("UCbfYPyITQ-7l4upoX8nvctg", "c", "c", 1000);
    insert("v1", 100);
  }
  void insert(const std::string& id, ytm::UnixTime published) {
    NewVideo v;
    v.id = id;
    v.channel_id = "UCbfYPyITQ-7l4upoX8nvctg";
    v.published_at = published;
    store.insert_video(v, 1000);
  }
  static Claimant as(const std::string& owner, ProcessIdentity process, int max_attempts = 5) {
    return Claimant{owner, std::move(process), max_attempts};
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "a lease of an owner on this host that is gone is taken over at once") {
  ProcessIdentity dead{self_identity().host, gone_pid(), 4242};
  REQUIRE(store.claim(as("killed daemon", dead), 1000, 1600).lease);
  auto taken = store.claim(as("new daemon", self_identity()), 1001, 1601);
  REQUIRE(taken.lease);
  CHECK(taken.lease->video_id == "v1");
  CHECK(taken.lease->attempt == 2);
}

TEST_CASE_METHOD(Fixture, "a pid reused by another program is not the old owner") {
  ProcessIdentity reused = self_identity();
  reused.started += 1;  // our pid, but not the process that took the lease
  REQUIRE(store.claim(as("old daemon", reused), 1000, 1600).lease);
  CHECK(store.claim(as("new daemon", self_identity()), 1001, 1601).lease);
}

TEST_CASE_METHOD(Fixture, "a live owner's lease, or one of another host, is never taken before it expires") {
  REQUIRE(store.claim(as("daemon", self_identity()), 1000, 1600).lease);
  CHECK_FALSE(store.claim(as("process", self_identity()), 1001, 1601).lease);
  CHECK_FALSE(store.claim_video("v1", as("process", self_identity()), 1001, 1601));

  insert("v2", 50);
  ProcessIdentity elsewhere{"another-host-boot-id", gone_pid(), 1};
  REQUIRE(store.claim(as("remote", elsewhere), 1000, 1600).lease);
  CHECK_FALSE(store.claim(as("daemon", self_identity()), 1001, 1601).lease);
  CHECK(store.claim(as("daemon", self_identity()), 1601, 2200).lease);
}

TEST_CASE_METHOD(Fixture, "process takes a given video from a dead owner at once") {
  ProcessIdentity dead{self_identity().host, gone_pid(), 4242};
  REQUIRE(store.claim(as("killed daemon", dead), 1000, 1600).lease);
  CHECK(store.claim_video("v1", as("process", self_identity()), 1001, 1601));
}

TEST_CASE_METHOD(Fixture, "a video whose runs end with their process max_attempts times fails as crashed") {
  insert("v0", 50);  // older: claimed after v1
  for (int attempt = 1; attempt <= 3; ++attempt) {
    // Each start of the daemon is another process, killed by the video again.
    ProcessIdentity dead{self_identity().host, gone_pid(), 4242};
    auto claim = store.claim(as(dead.text(), dead, 3), 1000 + attempt, 1600);
    REQUIRE(claim.lease);
    CHECK(claim.lease->video_id == "v1");
    CHECK(claim.lease->attempt == attempt);
    CHECK(claim.crashed.empty());
  }
  auto next = store.claim(as("daemon", self_identity(), 3), 1010, 1610);
  CHECK(next.crashed == std::vector<std::string>{"v1"});
  REQUIRE(next.lease);
  CHECK(next.lease->video_id == "v0");
  auto v1 = store.video("v1");
  CHECK(v1->state == VideoState::failed);
  CHECK(v1->failure_code == ytm::to_string(ytm::FailureCode::crashed));
  CHECK(v1->reason.find("its process died 3 times in a row while working on it, each time before its first step "
                        "was saved and while its own work ran") != std::string::npos);
  CHECK(v1->crashes == 3);
  CHECK(store.queue_counts().by_failure_code.at("crashed") == 1);
}

TEST_CASE_METHOD(Fixture, "a death while a model call of the video was in flight gives its attempt back") {
  // max_attempts 3: five kills while it waits on the model leave it runnable, at attempt 1 each time.
  for (int kill = 1; kill <= 5; ++kill) {
    ProcessIdentity dead{self_identity().host, gone_pid(), 4242};
    auto claim = store.claim(as(dead.text(), dead, 3), 1000 + kill, 1600);
    REQUIRE(claim.lease);
    CHECK(claim.lease->attempt == 1);
    CHECK(claim.crashed.empty());
    if (kill > 1) {
      REQUIRE(claim.deaths.size() == 1);
      CHECK(claim.deaths[0].waiting);
      CHECK(claim.deaths[0].crashes == 0);
    }
    store.begin_model_call(ModelCall{"v1", "summary", "m", false, "", 10, 10, 0.1, 0, 1000}, dead.text());
  }
  auto sixth = store.claim(as("daemon", self_identity(), 3), 1010, 1610);
  CHECK(sixth.crashed.empty());
  REQUIRE(sixth.lease);
  CHECK(sixth.lease->attempt == 1);
  auto v1 = store.video("v1");
  CHECK(v1->kills == 5);
  CHECK(v1->crashes == 0);
  CHECK(v1->crash_point == "before its first step was saved");
}

TEST_CASE_METHOD(Fixture, "deaths while waiting, without progress, end the video at twice max_attempts") {
  for (int kill = 1; kill <= 6; ++kill) {
    ProcessIdentity dead{self_identity().host, gone_pid(), 4242};
    auto claim = store.claim(as(dead.text(), dead, 3), 1000 + kill, 1600);
    REQUIRE(claim.lease);
    store.begin_model_call(ModelCall{"v1", "translate/0", "m", false, "", 10, 10, 0.1, 0, 1000}, dead.text());
  }
  auto next = store.claim(as("daemon", self_identity(), 3), 1010, 1610);
  CHECK(next.crashed == std::vector<std::string>{"v1"});
  auto v1 = store.video("v1");
  CHECK(v1->state == VideoState::failed);
  CHECK(v1->reason.find("(0 while its own work ran, 6 while it waited on the model)") != std::string::npos);
}

TEST_CASE_METHOD(Fixture, "crashes count in a row at one point: a step saved in between starts the count again") {
  auto die = [&](int at) {
    ProcessIdentity dead{self_identity().host, gone_pid(), 4242};
    return store.claim(as(dead.text(), dead, 3), at, 1600);
  };
  REQUIRE(die(1001).lease);
  CHECK(die(1002).deaths.at(0).crashes == 1);
  CHECK(die(1003).deaths.at(0).crashes == 2);
  store.save_step(Step{"v1", "transcript", "h", "", "", "{}", 0, 0, 0, 1003});
  auto after_progress = die(1004);
  REQUIRE(after_progress.deaths.size() == 1);
  CHECK(after_progress.deaths[0].crashes == 1);
  CHECK(after_progress.deaths[0].point == "after step transcript (1 saved)");
  CHECK_FALSE(after_progress.deaths[0].waiting);
  CHECK(die(1005).deaths.at(0).crashes == 2);
  auto third = die(1006);
  CHECK(third.deaths.at(0).crashes == 3);
  CHECK(third.crashed == std::vector<std::string>{"v1"});
  auto v1 = store.video("v1");
  CHECK(v1->state == VideoState::failed);
  CHECK(v1->attempts == 5);  // every death in its own work used up an attempt
  CHECK(v1->reason.find("after step transcript (1 saved) and while its own work ran") != std::string::npos);

  // retry starts afresh.
  CHECK(store.retry("v1", 1100) == 1);
  CHECK(store.video("v1")->crashes == 0);
}

TEST_CASE_METHOD(Fixture, "a run that ends on its own ends the row of deaths") {
  ProcessIdentity dead{self_identity().host, gone_pid(), 4242};
  REQUIRE(store.claim(as(dead.text(), dead, 3), 1001, 1600).lease);
  auto lease = store.claim(as("daemon", self_identity(), 3), 1002, 1602).lease;
  REQUIRE(lease);
  CHECK(store.video("v1")->crashes == 1);
  CHECK(store.fail(*lease, ytm::Failure::transient(ytm::FailureCode::network, "down"), 1100, 1003));
  CHECK(store.video("v1")->crashes == 0);
  CHECK(store.video("v1")->crash_point.empty());
}

TEST_CASE("a model call is counted from before it is sent and one cut off by a dead process is abandoned") {
  ytm::test::TempDir dir;
  Store store(dir / "ytmonitor.db");
  const std::string dead = ProcessIdentity{self_identity().host, gone_pid(), 4242}.text();
  const std::string alive = self_identity().text();
  auto answered = store.begin_model_call(ModelCall{"v1", "summary", "m", false, "", 1000, 1000, 0.5, 0, 100}, alive);
  auto cut_off = store.begin_model_call(ModelCall{"v1", "translate/0", "m", false, "", 2000, 2000, 1.0, 0, 100}, dead);
  auto in_flight = store.begin_model_call(ModelCall{"v2", "summary", "m", false, "", 10, 10, 0.25, 0, 100}, alive);
  // Pending calls count in spend (and so in the daily budget) at their estimate.
  CHECK(store.spend_since(0).calls == 3);
  CHECK(store.spend_since(0).cost_usd == Approx(1.75));
  store.finish_model_call(answered, ModelCall{"v1", "summary", "m", true, "", 900, 300, 0.3, 1200, 100});
  CHECK(store.abandon_orphan_model_calls() == 1);  // the dead process's, not the live one's
  auto states = store.model_calls_by_state();
  CHECK(states["completed"] == 1);
  CHECK(states["abandoned"] == 1);
  CHECK(states["pending"] == 1);
  CHECK(store.spend_since(0).cost_usd == Approx(0.3 + 1.0 + 0.25));
  store.abandon_model_call(in_flight);
  CHECK(store.model_calls_by_state()["abandoned"] == 2);
  (void)cut_off;
}

TEST_CASE("a database from before crash accounting is upgraded: its videos start with no deaths counted") {
  ytm::test::TempDir dir;
  const auto file = dir / "ytmonitor.db";
  {
    Connection db(file);
    migrate(db, ytm::test::migrations_before("_crash_accounting.sql"));
    db.exec(
        "INSERT INTO videos (id, channel_id, state, attempts, discovered_at, updated_at) "
        "VALUES ('old', '', 'processing', 2, 1, 1)");
  }
  Store store(file);
  auto v = store.video("old");
  REQUIRE(v);
  CHECK(v->attempts == 2);
  CHECK(v->crashes == 0);
  CHECK(v->kills == 0);
  CHECK(v->crash_point.empty());
}
