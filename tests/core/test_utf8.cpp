#include <catch2/catch.hpp>

#include "core/utf8.hpp"

using ytm::valid_utf8;

namespace {
const std::string fffd = "\xEF\xBF\xBD";
}

TEST_CASE("valid UTF-8 passes unchanged") {
  const std::string text = "caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 plain";
  CHECK(ytm::is_valid_utf8(text));
  CHECK(valid_utf8(text) == text);
}

TEST_CASE("each invalid byte becomes U+FFFD, one per byte") {
  CHECK(valid_utf8("a\xFF\xFE"
                   "b") == "a" + fffd + fffd + "b");
  CHECK(valid_utf8("caf\xE9!") == "caf" + fffd + "!");                 // Latin-1 é
  CHECK(valid_utf8("\xC0\xAF") == fffd + fffd);                        // overlong '/'
  CHECK(valid_utf8("\xE0\x80\xAF") == fffd + fffd + fffd);             // overlong, 3 bytes
  CHECK(valid_utf8("\xF4\x90\x80\x80") == fffd + fffd + fffd + fffd);  // past U+10FFFF
  CHECK(valid_utf8("end \xE4\xB8") == "end " + fffd + fffd);           // cut at the end
  CHECK(valid_utf8("\x80x") == fffd + "x");                            // stray continuation
  CHECK_FALSE(ytm::is_valid_utf8("a\xFF"));
}

TEST_CASE("encoded lone surrogates and NUL are dropped") {
  CHECK(valid_utf8("a\xED\xA0\x80"
                   "b") == "ab");  // U+D800 as CESU bytes
  CHECK(valid_utf8("a\xED\xBF\xBF"
                   "b") == "ab");  // U+DFFF
  CHECK(valid_utf8(std::string("a\0b", 3)) == "ab");
  CHECK_FALSE(ytm::is_valid_utf8("\xED\xA0\x80"));
  CHECK_FALSE(ytm::is_valid_utf8(std::string("\0", 1)));
}

TEST_CASE("append_utf8 writes nothing for a surrogate or a value past U+10FFFF") {
  std::string out;
  ytm::append_utf8(out, 0xD800);
  ytm::append_utf8(out, 0x110000);
  CHECK(out.empty());
  ytm::append_utf8(out, 0x1F600);
  CHECK(out == "\xF0\x9F\x98\x80");
}

TEST_CASE("next_codepoint decodes valid sequences and gives U+FFFD per invalid byte") {
  const std::string text = "\xC3\xA9\xFF\xF0\x9F\x98\x80";
  std::size_t i = 0;
  CHECK(ytm::next_codepoint(text, i) == 0xE9);
  CHECK(ytm::next_codepoint(text, i) == 0xFFFD);
  CHECK(i == 3);
  CHECK(ytm::next_codepoint(text, i) == 0x1F600);
  CHECK(i == text.size());
}

TEST_CASE("make_valid_utf8 repairs in place and a view keeps valid text without a copy") {
  std::string text = "x\xFF";
  ytm::make_valid_utf8(text);
  CHECK(text == "x" + fffd);
  std::string storage;
  const std::string_view good = "fine";
  CHECK(ytm::valid_utf8_view(good, storage).data() == good.data());
  CHECK(storage.empty());
  CHECK(ytm::valid_utf8_view("bad\xFE", storage) == "bad" + fffd);
}
