// Speakers through the real daemon: a profile's `hosts:` in subscriptions.yaml reach the model's
// request and the written document. The stand-in yt-dlp serves a real local news track with ten ">>"
// turns (../shared/real-world/captions, see PROVENANCE.md); the stand-in model names speakers as the
// prompt allows (fake_model_speakers.py).
#include <catch2/catch.hpp>

#include "e2e_fixture.hpp"
#include "store/store.hpp"
#include "support/speaker_labels.hpp"

using namespace std::chrono_literals;
using ytm::test::EndToEnd;
using ytm::test::eventually;
using ytm::test::speaker_labels;

TEST_CASE("a profile's hosts reach the model and name the host's turns in the document, and only on its channel") {
  EndToEnd e;
  auto news = e.add_channel("@news", "An old video");
  auto other = e.add_channel("@other", "An old video");
  e.dir.write("subscriptions.yaml", "profiles:\n  anchors:\n    hosts: [Sue Manning]\nchannels:\n  - {id: " + news +
                                        ", profile: anchors}\n  - " + other + "\n");
  e.model_faults({{"name_speakers", true}});
  auto daemon = e.start_daemon();
  REQUIRE(daemon->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
  REQUIRE(eventually(
      [&] {
        ytm::store::Store store(e.database());
        return store.channel(news).has_value() && store.channel(other).has_value();
      },
      15s));
  // The same segment on both channels.
  e.publish(news, "newsdesk001", "Money resolutions with the credit union");
  e.publish(other, "newsdesk002", "Money resolutions with the credit union");
  const bool both = eventually([&] { return e.video_done("newsdesk001") && e.video_done("newsdesk002"); }, 100s);
  INFO(daemon->log());
  REQUIRE(both);

  // One chunk each: its translation, which is told the hosts on the profile's channel only, and the summary.
  const auto hosted_calls = e.model_calls_for("newsdesk001");
  REQUIRE(hosted_calls.size() == 2);
  for (const auto& call : hosted_calls) CHECK(call["hosts"] == (call["task"] == "translate" ? "Sue Manning" : ""));
  const auto other_calls = e.model_calls_for("newsdesk002");
  REQUIRE(other_calls.size() == 2);
  for (const auto& call : other_calls) CHECK(call["hosts"] == "");

  // The turns the stand-in gives the host (the first, then every other one) carry the profile's name,
  // the others a neutral label, and the footer says where the name comes from.
  const auto hosted = e.document_of("newsdesk001");
  CHECK(speaker_labels(hosted, "newsdesk001") ==
        std::vector<std::string>{"0:00 Sue Manning", "0:06 嘉宾 1", "0:42 Sue Manning", "1:03 嘉宾 1",
                                 "1:07 Sue Manning", "1:34 嘉宾 1", "1:39 Sue Manning", "2:28 嘉宾 1",
                                 "2:48 Sue Manning", "3:17 嘉宾 1"});
  CHECK(hosted.find("\n*说话人：Sue Manning（本频道主持人）、嘉宾 1（未具名）*\n") != std::string::npos);

  // Without the profile the same turns are the host's and the guest's, unnamed: the name is nowhere.
  const auto plain = e.document_of("newsdesk002");
  CHECK(speaker_labels(plain, "newsdesk002") ==
        std::vector<std::string>{"0:00 主持人", "0:06 嘉宾 1", "0:42 主持人", "1:03 嘉宾 1", "1:07 主持人",
                                 "1:34 嘉宾 1", "1:39 主持人", "2:28 嘉宾 1", "2:48 主持人", "3:17 嘉宾 1"});
  CHECK(plain.find("\n*说话人：主持人（未具名）、嘉宾 1（未具名）*\n") != std::string::npos);
  CHECK(plain.find("Sue Manning") == std::string::npos);
}
