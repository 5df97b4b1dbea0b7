#include <catch2/catch.hpp>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "support/run.hpp"

namespace {

const std::string captions = std::string(YTM_TESTS_DIR) + "/fixtures/captions/";

// The stand-in yt-dlp first on PATH while it lives, as the default transcript.command finds it.
struct FakesOnPath {
  std::string saved = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
  FakesOnPath() { ::setenv("PATH", (std::string(YTM_TESTS_DIR) + "/fakes:" + saved).c_str(), 1); }
  ~FakesOnPath() { ::setenv("PATH", saved.c_str(), 1); }
};

}  // namespace

TEST_CASE("ytmonitor transcript prints a caption file as [mm:ss] lines") {
  auto r = ytm::test::ytmonitor({"transcript", captions + "auto_en.vtt"});
  CHECK(r.exit_code == 0);
  CHECK(r.out ==
        "[00:00] [Music]\n"
        "[00:03] so today we're going to talk about AT&T's new chip and why it matters okay\n"
        "[00:14] yeah that's right\n"
        "[00:17] [Applause]\n");
}

TEST_CASE("ytmonitor transcript --json gives segments with times and markers") {
  auto r = ytm::test::ytmonitor({"transcript", "--json", captions + "auto_en.json3"});
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  const auto& segments = j["transcript"]["segments"];
  REQUIRE(segments.size() == 4);
  CHECK(segments[0]["marker"] == true);
  CHECK(segments[1]["start"].get<double>() == Approx(3.0));
  CHECK(segments[2]["text"] == "yeah that's right");
}

TEST_CASE("ytmonitor transcript fetches a video with yt-dlp and prints its transcript") {
  FakesOnPath fakes;
  auto r = ytm::test::run({YTM_BINARY, "transcript", "https://www.youtube.com/watch?v=creatorEN01"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("[00:01] Welcome back to the show.\n"));
  CHECK_THAT(r.err, Catch::Contains("Test video creatorEN01"));

  auto json = ytm::test::run({YTM_BINARY, "transcript", "--json", "autoonly001"});
  REQUIRE(json.exit_code == 0);
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["video"]["title"] == "Test video autoonly001");
  CHECK(j["video"]["chapters"].size() == 2);
  CHECK(j["transcript"]["source"] == "automatic");
}

TEST_CASE("ytmonitor transcript exits 1 with the reason when there is no transcript") {
  FakesOnPath fakes;
  auto r = ytm::test::run({YTM_BINARY, "transcript", "private0001"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("private") && Catch::Contains("permanent"));

  auto missing = ytm::test::ytmonitor({"transcript", "/nonexistent/captions.vtt"});
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("neither a caption file nor a YouTube video"));

  auto broken = ytm::test::ytmonitor({"transcript", captions + "../../fakes/yt-dlp"});
  CHECK(broken.exit_code == 1);
  CHECK_THAT(broken.err, Catch::Contains("not a caption file"));
}
