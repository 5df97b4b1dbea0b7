// The whole daemon, end to end, as a user runs it (see e2e_fixture.hpp).
#include <catch2/catch.hpp>

#include <csignal>
#include <regex>
#include <thread>

#include "e2e_fixture.hpp"
#include "store/store.hpp"
#include "support/loopback_http.hpp"
#include "support/run.hpp"

using namespace std::chrono_literals;
using ytm::test::EndToEnd;
using ytm::test::eventually;

namespace {

std::vector<std::string> model_steps(const std::filesystem::path& db, const std::string& video) {
  ytm::store::Store store(db);
  std::vector<std::string> out;
  for (const auto& s : store.steps(video)) {
    // A chunk's own step ("translate/0", its "/split" marker) is made from the raw answers saved
    // beside it ("translate/0/answer", "/gap1"): those are the calls.
    const bool assembled =
        s.name.rfind("translate/", 0) == 0 && (s.name.find('/', 10) == std::string::npos || s.name.ends_with("/split"));
    if (s.name != "transcript" && s.name != "result" && !assembled) out.push_back(s.name);
  }
  return out;
}

// Calls for our own tasks (translate, notes, summary, repair), not the CLI's own start-up requests.
int task_calls(const nlohmann::json& stats) {
  int n = 0;
  for (const auto& [task, count] : stats["calls"].items()) n += count.get<int>();
  return n;
}

std::string integrity(const std::filesystem::path& db) {
  ytm::store::Connection c(db);
  ytm::store::Statement st(c, "PRAGMA integrity_check");
  st.step();
  return st.text(0);
}

}  // namespace

TEST_CASE("a new upload becomes a document, shown on the status page, and SIGHUP picks up a new channel") {
  EndToEnd e;
  auto channel = e.add_channel("@e2e", "An old video");
  e.subscribe({channel});
  auto daemon = e.start_daemon();
  REQUIRE(daemon->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
  REQUIRE(eventually([&] { return ytm::store::Store(e.database()).channel(channel).has_value(); }, 15s));
  e.publish(channel, "creatorEN01", "How captions work");
  INFO(daemon->log());
  // The document is written first, then index.md, then the video is recorded done.
  REQUIRE(eventually(
      [&] {
        auto v = ytm::store::Store(e.database()).video("creatorEN01");
        return v && v->state == ytm::store::VideoState::done;
      },
      150s));
  auto docs = e.documents();
  REQUIRE(docs.size() == 1);
  auto text = ytm::test::read_file(docs[0]);
  CHECK(text.find("video_id: \"creatorEN01\"") != std::string::npos);
  CHECK(text.find("https://www.youtube.com/watch?v=creatorEN01&t=") != std::string::npos);
  CHECK(text.find("完整翻译") != std::string::npos);
  // The document is renamed into place first; the index and the video's state follow it.
  CHECK(eventually([&] { return std::filesystem::exists(e.output() / "index.md"); }, 10s));
  CHECK(eventually(
      [&] { return ytm::store::Store(e.database()).video("creatorEN01")->state == ytm::store::VideoState::done; },
      10s));
  auto stats = e.model_stats();
  CHECK(stats["calls"].value("translate", 0) >= 1);
  CHECK(stats["calls"].value("summary", 0) == 1);
  CHECK(stats["max_system_chars"].get<int>() < 10000);  // our system prompt, not the CLI's 28 KB one

  // The status page, rendered by a real browser.
  int port = status_port(*daemon);
  REQUIRE(port > 0);
  auto api = nlohmann::json::parse(ytm::test::loopback_get(port, "/api/status").body);
  CHECK(api["videos"]["done"] == 1);
  std::filesystem::create_directories(YTM_ARTIFACTS_DIR);
  auto shot = std::string(YTM_ARTIFACTS_DIR) + "/status-page.png";
  std::vector<std::string> chromium{"chromium",
                                    "--headless",
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--disable-quic",
                                    "--no-first-run",
                                    "--disable-background-networking",
                                    "--disable-component-update",
                                    "--disable-sync",
                                    "--user-data-dir=" + (e.dir / "chromium").string(),
                                    "--window-size=412,1200"};
  auto dom_args = chromium;
  dom_args.insert(dom_args.end(), {"--dump-dom", "http://127.0.0.1:" + std::to_string(port) + "/"});
  auto dom = ytm::test::run(dom_args);
  CHECK(dom.out.find("E2E @e2e") != std::string::npos);
  CHECK(dom.out.find("creatorEN01") != std::string::npos);
  auto shot_args = chromium;
  shot_args.insert(shot_args.end(), {"--screenshot=" + shot, "http://127.0.0.1:" + std::to_string(port) + "/"});
  ytm::test::run(shot_args);
  CHECK(std::filesystem::file_size(shot) > 10'000);
  // The same page at a desktop's width, for a person to look at (tests/artifacts).
  auto desktop_args = chromium;
  desktop_args.back() = "--window-size=1280,900";
  desktop_args.insert(desktop_args.end(), {"--screenshot=" + std::string(YTM_ARTIFACTS_DIR) + "/status-page-desktop.png",
                                           "http://127.0.0.1:" + std::to_string(port) + "/"});
  ytm::test::run(desktop_args);
  // The Document column links to the document, which the status server serves as written.
  std::smatch link;
  REQUIRE(std::regex_search(dom.out, link, std::regex("<a href=\"(/[^\"]+\\.md)\">")));
  auto served = ytm::test::loopback_get(port, link[1].str());
  CHECK(served.status == 200);
  CHECK(served.body == text);
  CHECK(dom.out.find("id=\"failures\"") == std::string::npos);  // no failure, no empty table

  // The search box on the page (a GET form), and what its target answers to the browser.
  CHECK(dom.out.find("action=\"/search\" method=\"get\"") != std::string::npos);
  auto search_args = chromium;
  search_args.insert(search_args.end(), {"--dump-dom", "http://127.0.0.1:" + std::to_string(port) + "/search?q=dana"});
  auto results = ytm::test::run(search_args).out;
  CHECK(results.find("<mark>Dana</mark>") != std::string::npos);  // from the transcript, case folded
  CHECK(results.find("How captions work") != std::string::npos);
  CHECK(results.find("watch?v=creatorEN01&amp;t=1s") != std::string::npos);
  auto hostile = ytm::test::loopback_get(port, "/search?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  CHECK(hostile.status == 200);
  CHECK(hostile.body.find("<script>") == std::string::npos);
  CHECK(hostile.body.find("&lt;script&gt;") != std::string::npos);
  CHECK(ytm::test::loopback_post(port, "/search?q=dana", "{}").status == 405);

  // A new channel by SIGHUP.
  auto second = e.add_channel("@e2e-two", "Older");
  e.subscribe({channel, second});
  daemon->signal(SIGHUP);
  CHECK(eventually([&] { return ytm::store::Store(e.database()).channel(second).has_value(); }, 15s));
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

TEST_CASE("kill -9 mid-video: after a restart the document appears once and no finished model step is repeated") {
  EndToEnd e;
  auto channel = e.add_channel("@crash", "An old video");
  e.subscribe({channel});
  e.model_faults({{"latency_ms", 2500}});
  auto first = e.start_daemon("first.log");
  INFO(first->log());
  REQUIRE(first->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
  REQUIRE(eventually([&] { return ytm::store::Store(e.database()).channel(channel).has_value(); }, 15s));
  e.publish(channel, "creatorEN01", "Crash test");
  REQUIRE(eventually([&] { return !model_steps(e.database(), "creatorEN01").empty(); }, 120s));
  first->signal(SIGKILL);
  first->wait(5s);
  // A claude CLI the daemon had started may still send its call (systemd would kill it with the
  // daemon's cgroup; here it lives on): wait until the stand-in has been quiet for five seconds.
  REQUIRE(eventually(
      [&] {
        auto before = e.model_stats();
        std::this_thread::sleep_for(5s);
        auto after = e.model_stats();
        return after["in_flight"] == 0 && after["total"] == before["total"];
      },
      60s));
  auto calls_before = task_calls(e.model_stats());
  auto steps_before = model_steps(e.database(), "creatorEN01");
  CHECK(e.documents().empty());
  e.model_faults({{"latency_ms", 0}});

  // The default lease (10 minutes) is still running: the dead daemon's claim is taken back at once.
  auto second = e.start_daemon("second.log");
  INFO(second->log());
  REQUIRE(eventually(
      [&] {
        auto v = ytm::store::Store(e.database()).video("creatorEN01");
        return v && v->state == ytm::store::VideoState::done;
      },
      60s));
  CHECK(e.documents().size() == 1);
  auto steps_after = model_steps(e.database(), "creatorEN01");
  auto calls_after = task_calls(e.model_stats());
  // One call per step not finished before the crash; none for the steps that were.
  CHECK(calls_after - calls_before == static_cast<int>(steps_after.size() - steps_before.size()));
  second->signal(SIGTERM);
  CHECK(second->wait(10s) == 0);
  CHECK(integrity(e.database()) == "ok");
  CHECK(ytm::store::Store(e.database()).video("creatorEN01")->state == ytm::store::VideoState::done);
}
