// The notification outbox with a real store and the stand-in apprise program: what happens to a
// notification whose send fails, and to one whose target was taken out of the configuration.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "core/blocking.hpp"
#include "core/fault.hpp"
#include "net/http_client.hpp"
#include "notify/digests.hpp"
#include "notify/outbox.hpp"
#include "support/background.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using namespace ytm;

namespace {

int lines(const std::filesystem::path& file) {
  std::ifstream in(file);
  int n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

struct OutboxFixture {
  test::TempDir dir;
  store::Store store{dir / "state" / "ytmonitor.db"};
  config::Loaded loaded;
  boost::asio::io_context io{1};
  BlockingPool pool{2};
  net::HttpClient http{io.get_executor(), {}};

  OutboxFixture() {
    ::setenv("FAKE_APPRISE_DIR", dir.path().c_str(), 1);
    loaded.config.notify.apprise = {"json://127.0.0.1/SECRET"};
    loaded.config.notify.apprise_command = YTM_TESTS_DIR "/fakes/apprise";
  }
  void enqueue(const config::NotifySettings& settings) {
    store::Notification n;
    n.subject = "video000001";
    n.title = "A title";
    n.body = "The TL;DR";
    n.link = "https://www.youtube.com/watch?v=video000001";
    store.enqueue_notifications(notify::notifications_for(settings, n), now_unix());
  }
  // Daily digests into dir/out, and a video of channel UCa with its document written at `written`.
  void add_document(const std::string& id, const std::string& title, const std::string& path, UnixTime written) {
    loaded.config.output_dir = dir / "out";
    loaded.config.output.digest = config::Digest::daily;
    store::NewVideo v;
    v.id = id;
    v.channel_id = "UCa";
    v.title = title;
    store.ensure_channel("UCa", "Channel A", "UCa", 1);
    store.insert_video(v, 1);
    store.save_document({id, path, "h", written, ""});
  }
  // Runs the outbox until its first round of sends has been recorded.
  store::OutboxCounts run_once(std::chrono::milliseconds timeout = 20s) {
    io.restart();  // the last round ran the context out of work
    notify::Outbox outbox(io, pool, store, http, loaded);
    outbox.start();
    auto before = store.outbox_counts();
    test::eventually(
        [&] {
          io.run_for(50ms);
          auto c = store.outbox_counts();
          return c.pending != before.pending || c.failed != before.failed || c.sent != before.sent ||
                 c.last_error != before.last_error;
        },
        timeout);
    outbox.stop();
    io.run_for(100ms);
    return store.outbox_counts();
  }
};

}  // namespace

TEST_CASE("a failed send stays pending, is tried again a minute later, and is given up after the last attempt") {
  OutboxFixture f;
  f.dir.write("mode", "fail");
  f.enqueue(f.loaded.config.notify);
  auto started = now_unix();
  auto counts = f.run_once();
  CHECK(lines(f.dir / "attempts.jsonl") == 1);
  CHECK(counts.pending == 1);
  CHECK(counts.failed == 0);
  CHECK(counts.last_error ==
        "apprise json://…: apprise exited with status 1; run apprise -vv by hand with the URL to see why");
  REQUIRE(counts.next_attempt_at);
  CHECK(*counts.next_attempt_at >= started + 48);  // one minute, ±20%
  CHECK(*counts.next_attempt_at <= now_unix() + 72);

  // The same notification at its last attempt (the earlier ones spent): this failure gives it up.
  auto id = f.store.due_notifications(*counts.next_attempt_at, 1).at(0).id;
  for (int i = 1; i < notify::notification_attempts - 1; ++i) f.store.notification_failed(id, "earlier", 0, 0);
  counts = f.run_once();
  CHECK(lines(f.dir / "attempts.jsonl") == 2);
  CHECK(counts.pending == 0);
  CHECK(counts.failed == 1);
}

TEST_CASE("a notification whose URL was removed from the configuration is given up without a send") {
  OutboxFixture f;
  f.enqueue(f.loaded.config.notify);
  f.loaded.config.notify.apprise = {"json://127.0.0.1/another"};
  auto counts = f.run_once();
  CHECK_FALSE(std::filesystem::exists(f.dir / "attempts.jsonl"));
  CHECK(counts.failed == 1);
  CHECK(counts.last_error == "apprise json://…: this target is no longer in the configuration");
}

TEST_CASE("a successful send is recorded once and not repeated by the next round") {
  OutboxFixture f;
  f.enqueue(f.loaded.config.notify);
  f.enqueue(f.loaded.config.notify);  // the same subject and target again: still one notification
  auto counts = f.run_once();
  CHECK(counts.sent == 1);
  CHECK(counts.pending == 0);
  f.run_once(2s);
  CHECK(lines(f.dir / "sent.jsonl") == 1);
}

TEST_CASE("the digest writer writes yesterday's digest once, announces it, and leaves today's for tomorrow") {
  OutboxFixture f;
  auto now = now_unix();
  auto yesterday = now - 86400;
  f.add_document("video000001", "Yesterday's talk", "a.md", yesterday);
  f.add_document("video000002", "Today's talk", "b.md", now);
  int woken = 0;
  notify::DigestWriter writer(f.io, f.pool, f.store, f.loaded, [&] { ++woken; });
  CHECK(writer.write_due(now) == 1);
  CHECK(woken == 1);
  auto day = format_date(yesterday);
  auto text = test::read_file(f.dir / "out" / "digests" / (day + ".md"));
  CHECK(text.find("Yesterday's talk") != std::string::npos);
  CHECK(text.find("Today's talk") == std::string::npos);
  CHECK(f.store.outbox_counts().pending == 1);  // to the one Apprise URL
  CHECK(f.store.due_notifications(now, 5).at(0).subject == "digest:" + day);
  CHECK(writer.write_due(now) == 0);
  CHECK_FALSE(std::filesystem::exists(f.dir / "out" / "digests" / (format_date(now) + ".md")));
  f.loaded.config.output.digest = config::Digest::off;
  CHECK(writer.write_due(now + 86400) == 0);
}

namespace {

// Names a loop that throws the first time it starts (core/fault), for one test.
struct ThrowOnce {
  explicit ThrowOnce(const char* loop) { ::setenv(fault_variable, (std::string(loop) + "#1").c_str(), 1); }
  ~ThrowOnce() { ::unsetenv(fault_variable); }
  ThrowOnce(const ThrowOnce&) = delete;
  ThrowOnce& operator=(const ThrowOnce&) = delete;
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST_CASE("an outbox loop that ends by an error is started again and sends what waits") {
  OutboxFixture f;
  f.enqueue(f.loaded.config.notify);
  const ThrowOnce fault("outbox");
  const auto started = std::chrono::steady_clock::now();
  auto counts = f.run_once();
  CHECK(counts.sent == 1);
  CHECK(counts.pending == 0);
  CHECK(lines(f.dir / "sent.jsonl") == 1);
  CHECK(seconds_since(started) >= 4.9);  // after the first restart's pause, not by a loop that never threw
}

TEST_CASE("a digest writer that ends by an error is started again and writes the digest that is due") {
  OutboxFixture f;
  const auto yesterday = now_unix() - 86400;
  f.add_document("video000001", "Yesterday's talk", "a.md", yesterday);
  const auto digest = f.dir / "out" / "digests" / (format_date(yesterday) + ".md");
  const ThrowOnce fault("digests");
  const auto started = std::chrono::steady_clock::now();
  notify::DigestWriter writer(f.io, f.pool, f.store, f.loaded, [] {});
  writer.start();
  CHECK(test::eventually(
      [&] {
        f.io.run_for(50ms);
        return std::filesystem::exists(digest);
      },
      20s));
  writer.stop();
  f.io.run_for(100ms);
  CHECK(seconds_since(started) >= 4.9);
  CHECK(test::read_file(digest).find("Yesterday's talk") != std::string::npos);
}
