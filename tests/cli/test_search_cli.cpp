// `ytmonitor search` as a user runs it, over a real store.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "store/store.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using ytm::test::TempDir;
using ytm::test::ytmonitor;

namespace {

std::string setup(const TempDir& dir) {
  dir.write("config.yaml", "state_dir: state\nyoutube:\n  base_url: http://127.0.0.1:9\n");
  dir.write("subscriptions.yaml", "channels: []\n");
  ytm::store::Store store(dir / "state" / "ytmonitor.db");
  for (const auto& [id, channel, published] :
       {std::tuple{"talk0000001", "UCalpha", 1767880800}, std::tuple{"talk0000002", "UCbeta", 1700000000}}) {
    store.ensure_channel(channel, std::string(channel) + " Talks", channel, 1);
    ytm::store::NewVideo v;
    v.id = id;
    v.channel_id = channel;
    v.title = std::string("Talk ") + id;
    v.published_at = published;
    v.state = ytm::store::VideoState::done;
    store.insert_video(v, 1);
    store.save_step({id, "transcript", "h", "", "",
                     R"({"transcript":{"segments":[{"start":61,"end":65,"text":"we solved grounding last year"}]}})", 0,
                     0, 0, 1});
    store.save_step(
        {id, "result", "h", "", "", R"({"translation":[{"start":3,"text":"推理模型很重要"}]})", 0, 0, 0, 1});
  }
  return (dir / "config.yaml").string();
}

}  // namespace

TEST_CASE("search prints each hit with its video, channel, date, linked moment and marked snippet") {
  TempDir dir;
  auto config = setup(dir);
  auto r = ytmonitor({"--config", config, "search", "grounding", "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto hits = nlohmann::json::parse(r.out);
  REQUIRE(hits.size() == 2);
  const auto& h = hits[0];
  CHECK(h["video_id"] == "talk0000001");  // ranked equal: the newer video first
  CHECK(h["title"] == "Talk talk0000001");
  CHECK(h["channel"] == "UCalpha Talks");
  CHECK(h["published"] == "2026-01-08T14:00:00Z");
  CHECK(h["kind"] == "transcript");
  CHECK(h["moment"] == "1:01");
  CHECK(h["url"] == "https://www.youtube.com/watch?v=talk0000001&t=61s");
  CHECK(h["snippet"] == "we solved grounding last year");
  CHECK(h["marks"] == nlohmann::json::array({nlohmann::json::array({10, 9})}));

  auto text = ytmonitor({"--config", config, "search", "推理模型", "--channel", "beta"});
  REQUIRE(text.exit_code == 0);
  CHECK(text.out ==
        "2023-11-14 · UCbeta Talks · Talk talk0000002\n"
        "  0:03 https://www.youtube.com/watch?v=talk0000002&t=3s (translation)\n"
        "  **推理模型**很重要\n\n");
  auto since = ytmonitor({"--config", config, "search", "grounding", "--since", "2025-01-01", "--json"});
  CHECK(nlohmann::json::parse(since.out).size() == 1);
  auto none = ytmonitor({"--config", config, "search", "nothing like this"});
  CHECK(none.exit_code == 0);
  CHECK(none.err.find("no matches") != std::string::npos);
  auto bad = ytmonitor({"--config", config, "search", "grounding", "--since", "last tuesday"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--since takes a date") != std::string::npos);
}

TEST_CASE("search shows one entry per video, its best passage first and a count of the others with their moments") {
  TempDir dir;
  dir.write("config.yaml", "state_dir: state\nyoutube:\n  base_url: http://127.0.0.1:9\n");
  dir.write("subscriptions.yaml", "channels: []\n");
  {
    ytm::store::Store store(dir / "state" / "ytmonitor.db");
    store.ensure_channel("UCalpha", "Alpha Talks", "UCalpha", 1);
    ytm::store::NewVideo v;
    v.id = "talk0000001";
    v.channel_id = "UCalpha";
    v.title = "A long talk";
    v.published_at = 1767880800;
    v.state = ytm::store::VideoState::done;
    store.insert_video(v, 1);
    std::string segments;
    for (int i = 0; i < 12; ++i) {
      segments += std::string(i ? "," : "") + R"({"start":)" + std::to_string(60 * i) + R"(,"end":)" +
                  std::to_string(60 * i + 5) + R"(,"text":"grounding again, part )" + std::to_string(i) + R"("})";
    }
    store.save_step(
        {"talk0000001", "transcript", "h", "", "", R"({"transcript":{"segments":[)" + segments + "]}}", 0, 0, 0, 1});
    store.save_step({"talk0000001", "result", "h", "", "", R"({"translation":[]})", 0, 0, 0, 1});  // indexes it
  }
  auto config = (dir / "config.yaml").string();
  auto json = ytmonitor({"--config", config, "search", "grounding", "--json"});
  REQUIRE(json.exit_code == 0);
  auto videos = nlohmann::json::parse(json.out);
  REQUIRE(videos.size() == 1);
  CHECK(videos[0]["video_id"] == "talk0000001");
  CHECK(videos[0]["passages"] == 12);
  REQUIRE(videos[0]["more"].size() == 11);
  for (const auto& m : videos[0]["more"]) {
    CHECK(m["url"] == "https://www.youtube.com/watch?v=talk0000001&t=" + std::to_string(m["start"].get<int>()) + "s");
  }
  auto text = ytmonitor({"--config", config, "search", "grounding"});
  REQUIRE(text.exit_code == 0);
  CHECK(std::count(text.out.begin(), text.out.end(), '\n') == 5);  // one video: 4 lines and a blank one
  CHECK(text.out.find("  11 more in this video: ") != std::string::npos);
  CHECK(text.out.find(", …\n") != std::string::npos);  // eight moments shown, then an ellipsis
}
