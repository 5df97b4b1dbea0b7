// What the daemon builds at start and a reload rebuilds without dropping work in flight: the
// worker count, the model request limit, the prompts and the model backend.
#include <catch2/catch.hpp>

#include <csignal>
#include <set>

#include "reload_fixture.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::store::VideoState;
using ytm::test::eventually;
using ytm::test::ReloadFixture;

namespace {

std::set<std::string> processing_ids(const ReloadFixture& f) {
  std::set<std::string> out;
  for (const auto& v : ytm::store::Store(f.database()).videos(VideoState::processing)) out.insert(v.id);
  return out;
}

std::size_t processing(const ReloadFixture& f) { return processing_ids(f).size(); }

std::vector<std::string> publish_bulk(ReloadFixture& f, const std::string& channel, int from, int count) {
  std::vector<std::string> ids;
  for (int i = from; i < from + count; ++i) {
    ids.push_back("bulk" + std::string(7 - std::to_string(i).size(), '0') + std::to_string(i));
    f.publish(channel, ids.back(), "Video " + std::to_string(i));
  }
  return ids;
}

bool all_done(const ReloadFixture& f, const std::vector<std::string>& ids) {
  return std::all_of(ids.begin(), ids.end(), [&](const std::string& id) {
    auto v = f.video(id);
    return v && v->state == VideoState::done;
  });
}

}  // namespace

TEST_CASE("workers: more at once after a reload, and fewer once the running videos have finished") {
  ReloadFixture f;
  f.model.faults({{"latency_ms", 1500}});
  f.set("model.max_concurrent_requests", "8");
  f.save();
  auto channel = f.add_channel("@workers");
  f.subscribe({channel});
  auto daemon = f.start();
  INFO(daemon->log());
  REQUIRE(f.wait_for_channel(channel));
  auto first = publish_bulk(f, channel, 1, 6);
  REQUIRE(eventually([&] { return processing(f) == 1; }, 30s));

  f.set("workers", "3");
  REQUIRE(f.reload(*daemon));
  CHECK(eventually([&] { return processing(f) == 3; }, 30s));

  // Down to one while three run: the three finish (none handed back or tried twice), and meanwhile
  // and after them one video at a time is claimed.
  f.set("workers", "1");
  REQUIRE(f.reload(*daemon));
  const auto running = processing_ids(f);
  std::size_t most_claimed = 0;
  REQUIRE(eventually(
      [&] {
        std::size_t claimed = 0;
        for (const auto& id : processing_ids(f)) claimed += running.count(id) == 0 ? 1 : 0;
        most_claimed = std::max(most_claimed, claimed);
        return all_done(f, first);
      },
      90s));
  CHECK(most_claimed == 1);
  for (const auto& id : first) CHECK(f.video(id)->attempts == 1);
  CHECK(daemon->log().find("handed back") == std::string::npos);
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

TEST_CASE("model.max_concurrent_requests: a reload lets more model requests run at once") {
  ReloadFixture f;
  f.model.faults({{"latency_ms", 1500}});
  f.set("workers", "3");
  f.set("model.max_concurrent_requests", "1");
  f.save();
  auto channel = f.add_channel("@requests");
  f.subscribe({channel});
  auto daemon = f.start();
  INFO(daemon->log());
  REQUIRE(f.wait_for_channel(channel));
  auto first = publish_bulk(f, channel, 1, 3);
  REQUIRE(eventually([&] { return all_done(f, first); }, 90s));
  CHECK(f.model.stats()["max_concurrent"] == 1);

  f.set("model.max_concurrent_requests", "3");
  REQUIRE(f.reload(*daemon));
  auto second = publish_bulk(f, channel, 4, 3);
  CHECK(eventually([&] { return f.model.stats()["in_flight"].get<int>() >= 2; }, 60s));
  CHECK(eventually([&] { return all_done(f, second); }, 90s));
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

TEST_CASE("prompts: SIGHUP reads the prompt files again, and a broken one keeps the last good prompts") {
  ReloadFixture f;
  auto channel = f.add_channel("@prompts");
  f.subscribe({channel});
  auto daemon = f.start();
  INFO(daemon->log());
  REQUIRE(f.wait_for_channel(channel));
  f.publish(channel, "bulk0000001", "Built-in prompts");
  REQUIRE(f.wait_for("bulk0000001", VideoState::done));
  CHECK(f.model.stats()["last"]["system"].get<std::string>().find("RELOADED-SYSTEM-PROMPT") == std::string::npos);

  const auto system = ytm::test::read_file(YTM_SOURCE_DIR "/config/prompts/system.md");
  f.dir.write("prompts/system.md", system + "\nRELOADED-SYSTEM-PROMPT\n");
  REQUIRE(f.hangup(*daemon));
  f.publish(channel, "bulk0000002", "The user's system prompt");
  REQUIRE(f.wait_for("bulk0000002", VideoState::done));
  CHECK(f.model.stats()["last"]["system"].get<std::string>().find("RELOADED-SYSTEM-PROMPT") != std::string::npos);

  // A schema that is not JSON: the error names the file, and the next video has the last good prompts.
  const auto broken = f.dir.write("prompts/summary.schema.json", "{ not json");
  f.dir.write("prompts/system.md", system + "\nNEVER-USED-SYSTEM-PROMPT\n");
  REQUIRE(f.hangup(*daemon));
  CHECK(daemon->wait_for_log(broken.string(), 5s));
  CHECK(daemon->wait_for_log("the last good prompts stay in use", 5s));
  f.publish(channel, "bulk0000003", "Last good prompts");
  REQUIRE(f.wait_for("bulk0000003", VideoState::done));
  const auto last_system = f.model.stats()["last"]["system"].get<std::string>();
  CHECK(last_system.find("RELOADED-SYSTEM-PROMPT") != std::string::npos);
  CHECK(last_system.find("NEVER-USED-SYSTEM-PROMPT") == std::string::npos);
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}

TEST_CASE("model backend: a reload switches the next video to a new backend while the running one ends on the old") {
  ReloadFixture f;
  ytm::test::FakeModel other;
  f.model.faults({{"latency_ms", 3000}});
  auto channel = f.add_channel("@backend");
  f.subscribe({channel});
  auto daemon = f.start();
  INFO(daemon->log());
  REQUIRE(f.wait_for_channel(channel));
  f.publish(channel, "bulk0000001", "Running through the reload");
  REQUIRE(f.wait_for("bulk0000001", VideoState::processing, 30s));

  f.set("model.backend", "openai");
  f.set("model.base_url", other.base_url());
  f.set("model.name", "llama3.1:8b");
  REQUIRE(f.reload(*daemon));
  f.publish(channel, "bulk0000002", "After the reload");
  REQUIRE(f.wait_for("bulk0000001", VideoState::done));
  CHECK(f.video("bulk0000001")->attempts == 1);
  REQUIRE(f.wait_for("bulk0000002", VideoState::done));
  // The first video's calls all went to the old backend (the Messages API), the second's to the new one.
  const auto old_paths = f.model.stats()["paths"];
  const auto new_paths = other.stats()["paths"];
  CHECK(old_paths.value("POST /v1/chat/completions", 0) == 0);
  CHECK(new_paths.value("POST /v1/chat/completions", 0) >= 2);
  CHECK(new_paths.value("POST /v1/messages", 0) == 0);
  CHECK(other.stats()["last"]["model"] == "llama3.1:8b");
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(10s) == 0);
}
