// Document names from output.filename: safe on every system the folder is synced to, and always
// below output_dir.
#include <catch2/catch.hpp>

#include "render/file_name.hpp"
#include "render/fixtures.hpp"

using namespace ytm;
using namespace ytm::render;

namespace {

const std::string default_template = "{channel}/{date} {title}.md";

pipeline::VideoResult video(const std::string& title, const std::string& channel = "Chan") {
  auto r = test::load_result("en.json");
  r.video.title = title;
  r.video.channel = channel;
  return r;
}

std::vector<std::string> components(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      out.push_back(path.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    }
    i += n;
  }
  return true;
}

// What every component must satisfy, whatever went in.
void check_safe(const std::string& path) {
  INFO(path);
  for (const auto& c : components(path)) {
    REQUIRE_FALSE(c.empty());
    CHECK(c != ".");
    CHECK(c != "..");
    CHECK(c.size() <= max_component_bytes);
    CHECK(c.find_first_of("<>:\"\\|?*#^[]") == std::string::npos);
    CHECK(c.front() != ' ');
    CHECK(c.front() != '.');
    CHECK(c.back() != ' ');
    CHECK(c.back() != '.');
    CHECK(valid_utf8(c));
    for (char ch : c) CHECK(static_cast<unsigned char>(ch) >= 0x20);
  }
}

}  // namespace

TEST_CASE("the default template gives channel folder, date and title", "[render]") {
  CHECK(document_path(default_template, video("My Talk"), "en") == "Chan/2026-01-08 My Talk.md");
  CHECK(document_path("{channel_id}/{id} {language}.md", video("x"), "zh-CN") ==
        "UCSI7h9hydQ40K5MJHnCrQvw/k-xtmISBCNE zh-CN.md");
  CHECK(document_path("{title}", video("No extension"), "en") == "No extension.md");
}

TEST_CASE("characters other systems reject are removed from names", "[render]") {
  auto path =
      document_path(default_template, video("What? A <big>: \"deal\" | a/b \\ c * [x] #1 ^ \x01\x1f\x7f end."), "en");
  CHECK(path == "Chan/2026-01-08 What A big deal a b c x 1 end.md");
  check_safe(path);
}

TEST_CASE("traversal in a title or channel stays one name inside output_dir", "[render]") {
  for (const auto& title : {"../../etc/passwd", "..", ".", "/absolute/path", "a/../../b", "..\\..\\windows"}) {
    auto path = document_path(default_template, video(title, "../../.."), "en");
    check_safe(path);
    CHECK(components(path).size() == 2);
  }
  CHECK(document_path(default_template, video("../../etc/passwd"), "en") == "Chan/2026-01-08 .. .. etc passwd.md");
  CHECK(document_path("../{title}/../x.md", video("t"), "en").find("..") == std::string::npos);
}

TEST_CASE("reserved device names get a prefix, also with an extension", "[render]") {
  for (const auto& name : {"CON", "con", "NUL", "aux", "PRN", "COM1", "lpt9", "CON.txt", "nul .tar"}) {
    INFO(name);
    auto component = safe_component(name);
    CHECK(component.front() == '_');
    CHECK(document_path("{title}.md", video(name), "en").front() == '_');
  }
  CHECK(safe_component("CONSOLE") == "CONSOLE");
  CHECK(safe_component("COM10") == "COM10");
}

TEST_CASE("leading and trailing dots and spaces are trimmed, empty names become _", "[render]") {
  CHECK(safe_component("  ...hidden...  ") == "hidden");
  CHECK(safe_component("") == "_");
  CHECK(safe_component(" . ") == "_");
  CHECK(document_path(default_template, video("...", "  "), "en") == "_/2026-01-08.md");
}

TEST_CASE("long names are cut to 200 bytes on a character boundary, suffix kept", "[render]") {
  std::string long_title;
  while (long_title.size() < 500) long_title += "中文🚀a";
  auto path = document_path(default_template, video(long_title, long_title), "en");
  check_safe(path);
  auto parts = components(path);
  CHECK(parts[0].size() >= 196);
  CHECK(parts[1].size() <= max_component_bytes);
  CHECK(parts[1].substr(parts[1].size() - 3) == ".md");
  auto with_suffix = document_path(default_template, video(long_title), "en", " (k-xtmISBCNE) (ytmonitor)");
  check_safe(with_suffix);
  CHECK(with_suffix.find(" (k-xtmISBCNE) (ytmonitor).md") != std::string::npos);
}

TEST_CASE("emoji and bidirectional overrides", "[render]") {
  CHECK(document_path("{title}.md", video("🚀 Launch 🚀"), "en") == "🚀 Launch 🚀.md");
  auto spoof = document_path("{title}.md", video("invoice\xE2\x80\xAEgpj.exe"), "en");
  CHECK(spoof == "invoice gpj.exe.md");
}
