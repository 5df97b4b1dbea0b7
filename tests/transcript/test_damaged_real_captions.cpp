// The real caption files of ../shared/real-world/captions, damaged as disks and downloads damage
// them (cut short, bytes flipped, a stray byte), through `ytmonitor transcript --json`: either
// valid JSON, or exit 1 with a message naming the file and where in it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/run.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path real_captions = fs::path(YTM_SOURCE_DIR) / ".." / "shared" / "real-world" / "captions";

struct Damage {
  const char* name;
  std::string (*apply)(std::string, std::mt19937&);
};

std::size_t somewhere(const std::string& s, std::mt19937& random) {
  return std::uniform_int_distribution<std::size_t>(0, s.size() - 1)(random);
}

const Damage damages[] = {
    {"cut-half", [](std::string s, std::mt19937&) { return s.substr(0, s.size() / 2); }},
    {"cut-random", [](std::string s, std::mt19937& r) { return s.substr(0, somewhere(s, r)); }},
    {"flip-8",
     [](std::string s, std::mt19937& r) {
       for (int i = 0; i < 8; ++i) s[somewhere(s, r)] ^= static_cast<char>(0xFF);
       return s;
     }},
    {"flip-1",
     [](std::string s, std::mt19937& r) {
       s[somewhere(s, r)] ^= static_cast<char>(0x80);
       return s;
     }},
    {"stray-ff", [](std::string s, std::mt19937& r) { return s.insert(somewhere(s, r), "\xFF\xFE"); }},
    {"latin1-e", [](std::string s, std::mt19937& r) { return s.insert(somewhere(s, r), "caf\xE9"); }},
    {"markup", [](std::string s, std::mt19937& r) { return s.insert(somewhere(s, r), "<{\"&#xD800;"); }},
};

}  // namespace

TEST_CASE("damaged real caption files: transcript --json gives JSON or an error naming the file and where") {
  REQUIRE(fs::is_directory(real_captions));
  ytm::test::TempDir dir;
  std::mt19937 random(14);  // fixed: the same damage on every run
  int files = 0;
  int readable = 0;
  // Sorted: the damage drawn for a file depends on the files before it, and a directory's order is the
  // file system's.
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(real_captions)) paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    const auto original = ytm::test::read_file(path);
    ++files;
    for (const auto& damage : damages) {
      const auto name = damage.name + std::string("-") + path.filename().string();
      const auto file = dir.write(name, damage.apply(original, random));
      auto r = ytm::test::ytmonitor({"transcript", "--json", file.string()});
      INFO(name << ": exit " << r.exit_code << ": " << r.err);
      CHECK(r.err.find("json.exception") == std::string::npos);
      if (r.exit_code == 0) {
        ++readable;
        CHECK(nlohmann::json::accept(r.out));
        continue;
      }
      CHECK(r.exit_code == 1);
      CHECK_THAT(r.err, Catch::StartsWith("ytmonitor transcript: " + file.string() + ": "));
      CHECK_THAT(r.err, Catch::Contains("line ") || Catch::Contains("byte ") || Catch::Contains("top level") ||
                            Catch::Contains("root element"));
    }
  }
  CHECK(files >= 20);
  CHECK(readable == 107);  // of 7 damages to each file (29 files in ../shared today), sorted, seed 14
}
