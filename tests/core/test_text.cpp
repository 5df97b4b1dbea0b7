// The shared text and id rules, as the parts that use them rely on them.
#include <catch2/catch.hpp>

#include "core/temp_folder.hpp"
#include "core/text.hpp"
#include "core/youtube.hpp"

#include <fstream>

TEST_CASE("a sentence ends at . ? ! … and their CJK forms, also inside closing quotes") {
  CHECK(ytm::ends_sentence("It works."));
  CHECK(ytm::ends_sentence("Really?\u201D "));
  CHECK(ytm::ends_sentence("\u3053\u3093\u306B\u3061\u306F\u3002\u300D"));
  CHECK(ytm::ends_sentence("It ends here. (laughter)"));
  CHECK(ytm::ends_sentence("\u8BF4\u5B8C\u4E86\u3002 \uFF08\u7B11\uFF09"));
  CHECK(ytm::ends_sentence("and then\u2026"));
  CHECK(ytm::ends_sentence("(see the paper.)"));
  CHECK_FALSE(ytm::ends_sentence("and then we"));
  CHECK_FALSE(ytm::ends_sentence(""));
}

TEST_CASE("CJK text is told apart from Latin text by its code points") {
  CHECK(ytm::is_cjk(ytm::first_code_point("\u4E2D\u6587")));
  CHECK(ytm::is_cjk(ytm::last_code_point("abc \uD55C")));  // Hangul
  CHECK(ytm::is_cjk(ytm::last_code_point("x\u30AB")));     // katakana
  CHECK_FALSE(ytm::is_cjk(ytm::last_code_point("caf\u00E9")));
  CHECK(ytm::last_code_point("") == 0);
}

TEST_CASE("trim, case and spaces follow ASCII only") {
  CHECK(ytm::trim(" \t\r\n x y \f\v") == "x y");
  CHECK(ytm::ascii_lower("HeLLo \u00C9") == "hello \u00C9");
  CHECK(ytm::iequals("Content-Length", "content-length"));
  CHECK(ytm::istarts_with("HTTPS://x", "https://"));
  CHECK_FALSE(ytm::istarts_with("http", "https://"));
  CHECK(ytm::collapse_spaces("  a \n\t b  ") == "a b");
}

TEST_CASE("read_file gives the bytes of a file, and nothing for a missing one") {
  auto folder = ytm::TempFolder::create("text-test");
  REQUIRE(folder.ok());
  const auto file = folder->path() / "data.bin";
  std::ofstream(file, std::ios::binary) << std::string("a\0b\n", 4);
  CHECK(ytm::read_file(file) == std::string("a\0b\n", 4));
  CHECK_FALSE(ytm::read_file(folder->path() / "missing").has_value());
}

TEST_CASE("video ids are 11 characters of [A-Za-z0-9_-], channel ids UC and 22 more") {
  CHECK(ytm::is_video_id("dQw4w9WgXcQ"));
  CHECK(ytm::is_video_id("-_abcdefghi"));
  CHECK_FALSE(ytm::is_video_id("dQw4w9WgXc"));
  CHECK_FALSE(ytm::is_video_id("dQw4w9WgXcQQ"));
  CHECK_FALSE(ytm::is_video_id("dQw4w9WgX=Q"));
  CHECK(ytm::is_channel_id("UCq4tW5mV3Zb8sK1xN0pQ7rA"));
  CHECK_FALSE(ytm::is_channel_id("UUq4tW5mV3Zb8sK1xN0pQ7rA"));
  CHECK(ytm::watch_url("dQw4w9WgXcQ") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  CHECK(ytm::video_id_from("https://youtu.be/dQw4w9WgXcQ?t=3") == "dQw4w9WgXcQ");
}
