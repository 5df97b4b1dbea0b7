// Settings a user (or an editor's accident) can save that must be refused with FILE:LINE:COLUMN,
// never crash the loader or reach the daemon: NaN and infinite numbers, durations past any clock,
// title filters that are too long or not RE2.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "config/loader.hpp"
#include "config/title_pattern.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using ytm::config::load;
using ytm::test::TempDir;

namespace {

bool has_error(const ytm::config::Loaded& loaded, const std::string& file, int line, int column,
               const std::string& text) {
  return std::any_of(loaded.errors.begin(), loaded.errors.end(), [&](const auto& e) {
    return e.file.filename() == file && e.line == line && e.column == column &&
           e.message.find(text) != std::string::npos;
  });
}

std::string all_errors(const ytm::config::Loaded& loaded) {
  std::string out;
  for (const auto& e : loaded.errors) out += e.to_string() + "\n";
  return out;
}

ytm::config::Loaded load_with(TempDir& dir, const std::string& config, const std::string& subscriptions) {
  dir.write("config.yaml", config);
  dir.write("subscriptions.yaml", subscriptions);
  return load(dir / "config.yaml");
}

}  // namespace

TEST_CASE("numbers must be finite: .nan and .inf are refused at their place") {
  TempDir dir;
  auto loaded = load_with(dir,
                          "youtube:\n"
                          "  jitter: .nan\n"
                          "model:\n"
                          "  daily_budget_usd: .nan\n"
                          "  max_attempts: .inf\n",
                          "channels: []\n");
  INFO(all_errors(loaded));
  CHECK(has_error(loaded, "config.yaml", 2, 11, "'jitter' must be a number from 0 to 0.9, not '.nan'"));
  CHECK(has_error(loaded, "config.yaml", 4, 21, "'daily_budget_usd' must be a number from 0 to 1e+06, not '.nan'"));
  CHECK(has_error(loaded, "config.yaml", 5, 17, "'max_attempts' must be a whole number, not '.inf'"));
  CHECK(loaded.errors.size() == 3);

  TempDir other;
  auto infinite = load_with(other, "youtube:\n  jitter: -.inf\nmodel:\n  daily_budget_usd: .Inf\n", "channels: []\n");
  INFO(all_errors(infinite));
  CHECK(has_error(infinite, "config.yaml", 2, 11, "'jitter' must be a number from 0 to 0.9"));
  CHECK(has_error(infinite, "config.yaml", 4, 21, "'daily_budget_usd' must be a number from 0 to 1e+06"));
}

TEST_CASE("a number outside its range names the range") {
  TempDir dir;
  auto loaded = load_with(dir, "youtube:\n  jitter: 1.5\n", "channels: []\n");
  CHECK(has_error(loaded, "config.yaml", 2, 11, "'jitter' must be between 0 and 0.9, not 1.5"));
}

TEST_CASE("a duration longer than a year, or too long to count, is refused") {
  TempDir dir;
  auto loaded = load_with(dir,
                          "youtube:\n"
                          "  poll_interval: 1000d\n"
                          "lease: 999999999d999999999d999999999d999999999d999999999d999999999d999999999d999999999d"
                          "999999999d999999999d999999999d999999999d999999999d999999999d999999999d999999999d"
                          "999999999d999999999d999999999d999999999d999999999d999999999d999999999d999999999d"
                          "999999999d999999999d999999999d999999999d999999999d999999999d999999999d999999999d"
                          "999999999d999999999d999999999d999999999d999999999d999999999d999999999d999999999d"
                          "999999999d999999999d999999999d999999999d999999999d999999999d999999999d999999999d"
                          "999999999d999999999d999999999d999999999d999999999d999999999d999999999d999999999d"
                          "999999999d999999999d999999999d999999999d999999999d999999999d999999999d999999999d"
                          "999999999d999999999d999999999d999999999d999999999d999999999d999999999d999999999d"
                          "999999999d999999999d999999999d999999999d999999999d999999999d999999999d999999999d"
                          "999999999d999999999d999999999d999999999d999999999d999999999d999999999d999999999d"
                          "999999999d999999999d999999999d999999999d999999999d999999999d999999999d999999999d\n",
                          "channels: []\n");
  INFO(all_errors(loaded));
  CHECK(has_error(loaded, "config.yaml", 2, 18, "'poll_interval' must be at most 365d"));
  CHECK(has_error(loaded, "config.yaml", 3, 8, "'lease' must be a duration like"));
}

TEST_CASE("title filters: RE2 syntax errors, a length cap, and no crash on 20,000 nested parentheses") {
  const std::string nested = std::string(20000, '(') + "a" + std::string(20000, ')');
  const std::string literal(100000, 'x');
  TempDir dir;
  auto loaded = load_with(dir, "",
                          "channels:\n"
                          "  - id: UCbfYPyITQ-7l4upoX8nvctg\n"
                          "    include: \"" +
                              nested +
                              "\"\n"
                              "  - id: UCq4tW5mV3Zb8sK1xN0pQ7rA\n"
                              "    exclude: " +
                              literal +
                              "\n"
                              "  - id: UCs6nmQViDpUw0nuIx9c_WvA\n"
                              "    include: '(a)\\1'\n"
                              "  - id: UCVYamHliCI9rw1tHR1xbkfw\n"
                              "    include: '(unclosed'\n");
  INFO(all_errors(loaded));
  CHECK(has_error(loaded, "subscriptions.yaml", 3, 14,
                  "'include' is not a valid regular expression (RE2 syntax): is 40001 bytes long; a title filter may "
                  "have at most 1000"));
  CHECK(has_error(loaded, "subscriptions.yaml", 5, 14,
                  "'exclude' is not a valid regular expression (RE2 syntax): is 100000 bytes long"));
  CHECK(has_error(loaded, "subscriptions.yaml", 7, 14, "invalid escape sequence: \\1"));
  CHECK(has_error(loaded, "subscriptions.yaml", 9, 14, "missing ): (unclosed"));
  CHECK(loaded.errors.size() == 4);
}

TEST_CASE("title patterns match case-insensitively anywhere, in linear time for patterns std::regex blew up on") {
  ytm::config::TitlePattern live("\\b(live|stream)\\b");
  CHECK(live.found_in("Friday LIVE stream: Q&A"));
  CHECK_FALSE(live.found_in("Delivery drivers"));
  ytm::config::TitlePattern chinese("直播");
  CHECK(chinese.found_in("【直播】周五"));
  // Exponential for a backtracking engine; RE2 answers at once.
  ytm::config::TitlePattern nested("^(a+)+$");
  CHECK_FALSE(nested.found_in(std::string(5000, 'a') + "!"));
  const std::string deep = std::string(400, '(') + "x" + std::string(400, ')');
  CHECK(ytm::config::TitlePattern::problem(deep).empty());
  CHECK(ytm::config::TitlePattern(deep).found_in("a x b"));
  CHECK(ytm::config::TitlePattern("").empty());
}

TEST_CASE("check-config exits 1 and prints FILE:LINE:COLUMN for NaN numbers and a hostile title filter") {
  TempDir dir;
  dir.write("config.yaml", "state_dir: state\nyoutube:\n  jitter: .nan\nmodel:\n  daily_budget_usd: .nan\n");
  dir.write("subscriptions.yaml",
            "channels:\n  - id: UCbfYPyITQ-7l4upoX8nvctg\n    include: \"" + std::string(20000, '(') + "\"\n");
  auto r = ytm::test::ytmonitor({"--config", (dir / "config.yaml").string(), "check-config"});
  CHECK(r.exit_code == 1);
  const auto config = (dir / "config.yaml").string();
  const auto subs = (dir / "subscriptions.yaml").string();
  CHECK_THAT(r.err, Catch::Contains(config + ":3:11: 'jitter' must be a number from 0 to 0.9, not '.nan'"));
  CHECK_THAT(r.err, Catch::Contains(config + ":5:21: 'daily_budget_usd' must be a number"));
  CHECK_THAT(r.err, Catch::Contains(subs + ":3:14: 'include' is not a valid regular expression"));
  CHECK(r.out.empty());
}

TEST_CASE("YAML nested 100,000 levels deep is an error at its place, not a stack overflow") {
  TempDir dir;
  auto loaded = load_with(dir, "youtube: " + std::string(100000, '[') + "\n", "channels: []\n");
  REQUIRE(loaded.errors.size() == 1);
  CHECK(loaded.errors[0].line >= 1);  // yaml-cpp gives where it stopped reading
  CHECK(loaded.errors[0].message == "YAML syntax error: nested more than 2000 levels deep");
}

TEST_CASE("a 'defaults' that is not a mapping is refused at its place and the channels still load") {
  TempDir dir;
  auto loaded = load_with(dir, "", "defaults: podcast-en\nchannels:\n  - \"@first\"\n  - {handle: \"@second\"}\n");
  INFO(all_errors(loaded));
  CHECK(has_error(loaded, "subscriptions.yaml", 1, 11, "defaults must be a mapping of key: value"));
  CHECK(loaded.errors.size() == 1);
  REQUIRE(loaded.subscriptions.channels.size() == 2);
  CHECK(loaded.subscriptions.channels[0].handle == "@first");
  CHECK(loaded.subscriptions.channels[1].handle == "@second");
}

TEST_CASE("a subscription list that names a folder, or a name with a NUL in it, is refused, not thrown") {
  TempDir dir;
  auto folder = load_with(dir, "subscriptions_file: .\n", "channels: []\n");
  INFO(all_errors(folder));
  REQUIRE(folder.errors.size() == 1);
  CHECK(folder.errors[0].message == "this is a folder: name the YAML file in it");
  // YAML's "\0" is a NUL: the system would open the folder the name starts with.
  auto nul = load_with(dir, "subscriptions_file: \"\\0list.yaml\"\n", "channels: []\n");
  INFO(all_errors(nul));
  REQUIRE(nul.errors.size() == 1);
  CHECK(nul.errors[0].message == "the file name contains a NUL character (\\0)");
}
