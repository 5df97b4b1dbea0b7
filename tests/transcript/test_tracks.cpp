// Which caption track a video is fetched with, chosen from the tracks its info JSON lists (real
// yt-dlp info JSON from ../shared/real-world/infojson where one shows the case): never one of
// YouTube's machine translations.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/temp_dir.hpp"
#include "transcript/metadata.hpp"
#include "transcript/tracks.hpp"

using namespace ytm::transcript;
namespace fs = std::filesystem;

namespace {

const fs::path real_info = fs::path(YTM_SOURCE_DIR) / ".." / "shared" / "real-world" / "infojson";

VideoInfo real(const std::string& name) {
  auto info = parse_info_json(ytm::test::read_file(real_info / name));
  REQUIRE(info.ok());
  return *info;
}

VideoInfo listing(const std::string& language, const std::vector<std::string>& creator,
                  const std::vector<std::string>& automatic) {
  VideoInfo info;
  info.metadata.language = language;
  for (const auto& l : creator) info.tracks.push_back({l, false, ""});
  for (const auto& l : automatic) info.tracks.push_back({l, true, ""});
  return info;
}

const AvailableTrack* find(const VideoInfo& info, const std::string& language, bool automatic) {
  for (const auto& t : info.tracks)
    if (t.language == language && t.automatic == automatic) return &t;
  return nullptr;
}

}  // namespace

TEST_CASE("an English video with German creator captions (real info JSON): en-orig, never en-de") {
  auto info = real("pinchflat-ytdlp-2024-01-anonymized.info.json");
  REQUIRE(find(info, "de", false));
  REQUIRE(find(info, "en-de", true));
  CHECK(is_translation(*find(info, "en-de", true), info));
  CHECK(is_translation(*find(info, "de", true), info));
  CHECK_FALSE(is_translation(*find(info, "en", true), info));
  CHECK_FALSE(is_translation(*find(info, "en-orig", true), info));
  CHECK_FALSE(is_translation(*find(info, "de", false), info));  // the creator's own
  std::size_t translations = 0;
  for (const auto& t : info.tracks) translations += is_translation(t, info) ? 1 : 0;
  CHECK(translations == info.tracks.size() - 3);  // all but en-orig, en and the creator's de

  for (const std::vector<std::string>& preferences :
       {std::vector<std::string>{"en"}, std::vector<std::string>{"de"}, std::vector<std::string>{"fr", "de"}}) {
    auto track = choose_track(info, preferences);
    REQUIRE(track);
    CHECK(track->language == "en-orig");
    CHECK(track->automatic);
  }
}

TEST_CASE("real info JSON without creator captions: the -orig track, also when only it names the language") {
  auto plain = real("tubesync-ytdlp-JjQDik3yNhA-2023-06.info.json");
  auto track = choose_track(plain, {"de"});
  REQUIRE(track);
  CHECK(track->language == "en-orig");

  auto was_live = real("tubesync-ytdlp-was_live-gogEJyoSB9s-2022-06.info.json");  // no "language", live chat only
  CHECK(was_live.metadata.language.empty());
  CHECK(spoken_language(was_live) == "en");
  track = choose_track(was_live, {"zh-Hans"});
  REQUIRE(track);
  CHECK(track->language == "en-orig");

  CHECK_FALSE(choose_track(real("ytdl-nfo-youtube-dl-L_jWHffIx5E-2020-08.info.json"), {"en"}));
}

TEST_CASE("a Chinese video with languages [en]: the creator's zh-Hans, else zh-orig, never the English translation") {
  auto info = listing("zh", {"zh-Hans"}, {"zh-orig", "zh", "en", "ja"});
  auto track = choose_track(info, {"en"});
  REQUIRE(track);
  CHECK(track->language == "zh-Hans");
  CHECK_FALSE(track->automatic);

  auto automatic_only = listing("zh", {}, {"zh-orig", "zh", "en"});
  track = choose_track(automatic_only, {"en"});
  REQUIRE(track);
  CHECK(track->language == "zh-orig");

  // Only translations left (an old listing without -orig, the spoken language unknown): none.
  CHECK_FALSE(choose_track(listing("", {}, {"en", "de"}), {"en"}));
  // The creator's track in a wanted language beats nothing; a translation of it does not count.
  track = choose_track(listing("ja", {"en"}, {"en", "en-ja"}), {"en"});
  REQUIRE(track);
  CHECK(track->language == "en");
  CHECK_FALSE(track->automatic);
}

TEST_CASE("the --sub-langs value names exactly the chosen track") {
  CHECK(sub_langs_argument({"zh-Hans", false, ""}) == "zh-Hans");
  CHECK(sub_langs_argument({"en-orig", true, ""}) == "en-orig");
  CHECK(sub_langs_argument({"a.b+c", false, ""}) == "a\\.b\\+c");
}
