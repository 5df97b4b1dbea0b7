// Leases record the process behind them: a claim takes over at once from an owner that is gone,
// never from one that runs, and a video whose runs keep ending with their process is failed.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include "store/store.hpp"
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
  CHECK(v1->failure_code == "crashed");
  CHECK(v1->reason.find("in each of its 3 attempts") != std::string::npos);
  CHECK(store.queue_counts().by_failure_code.at("crashed") == 1);
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
