#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "store/migrate.hpp"
#include "store/sqlite.hpp"
#include "store/store.hpp"
#include "support/migrations.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using ytm::test::TempDir;
using ytm::test::ytmonitor;

namespace {

// A config whose state and output live in the temp folder.
std::string write_config(const TempDir& dir, const std::string& subscriptions) {
  dir.write("config.yaml", "state_dir: state\nyoutube:\n  base_url: http://127.0.0.1:9\n");
  dir.write("subscriptions.yaml", subscriptions);
  return (dir / "config.yaml").string();
}

// The database the daemon makes at its first start, for commands that only read it.
void make_database(const std::filesystem::path& state_dir) { ytm::store::Store store(state_dir / "ytmonitor.db"); }

}  // namespace

TEST_CASE("version and help succeed, and no or an unknown subcommand is a usage error") {
  auto version = ytmonitor({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.find("ytmonitor " YTM_VERSION) != std::string::npos);
  auto help = ytmonitor({"--help"});
  CHECK(help.exit_code == 0);
  for (const char* sub : {"run", "check-config", "status", "poll-once", "process", "retry", "resolve", "transcript",
                          "render", "doctor", "search"}) {
    INFO(sub);
    CHECK(help.out.find(sub) != std::string::npos);
  }
  CHECK(ytmonitor({}).exit_code == 2);
  CHECK(ytmonitor({"frobnicate"}).exit_code == 2);
}

TEST_CASE("check-config: a valid configuration prints one summary line and exits 0") {
  auto r = ytmonitor({"--config", YTM_SOURCE_DIR "/config/config.yaml", "check-config"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("OK: 3 channels") != std::string::npos);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
}

TEST_CASE("check-config: each error is one FILE:LINE:COLUMN line and the exit code is 1") {
  TempDir dir;
  auto config = write_config(dir, "channels:\n  - handle: '@a'\n  - handle: '@a'\n  - id: nope\n");
  auto r = ytmonitor({"--config", config, "check-config"});
  CHECK(r.exit_code == 1);
  auto subs = (dir / "subscriptions.yaml").string();
  CHECK(r.err.find(subs + ":3:5: duplicate channel @a: already listed at line 2\n") != std::string::npos);
  CHECK(r.err.find(subs + ":4:9: 'id' must be a channel id") != std::string::npos);
  CHECK(r.out.empty());
}

TEST_CASE("check-config: a missing configuration file is an error naming it") {
  auto r = ytmonitor({"--config", "/nonexistent/ytmonitor.yaml", "check-config"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("/nonexistent/ytmonitor.yaml:0:0: cannot read the file") != std::string::npos);
}

TEST_CASE("status --json prints one object with channels and the count of every state") {
  TempDir dir;
  auto config = write_config(dir, "channels:\n  - id: UCbfYPyITQ-7l4upoX8nvctg\n    name: Papers\n  - '@other'\n");
  make_database(dir / "state");
  auto r = ytmonitor({"--config", config, "status", "--json"});
  REQUIRE(r.exit_code == 0);
  auto status = nlohmann::json::parse(r.out);
  REQUIRE(status["channels"].size() == 2);
  CHECK(status["channels"][0]["id"] == "UCbfYPyITQ-7l4upoX8nvctg");
  CHECK(status["channels"][0]["name"] == "Papers");
  CHECK(status["channels"][0]["last_poll"].is_null());
  CHECK(status["channels"][0]["last_result"] == "never");
  CHECK(status["channels"][1]["last_result"] == "unresolved");
  for (const char* state : {"seen", "queued", "processing", "waiting", "done", "failed", "skipped"}) {
    INFO(state);
    CHECK(status["videos"][state] == 0);
  }
}

TEST_CASE("retry: a usage error without a video, a failure for an unknown one") {
  TempDir dir;
  auto config = write_config(dir, "channels: []\n");
  make_database(dir / "state");
  CHECK(ytmonitor({"--config", config, "retry"}).exit_code == 2);
  auto unknown = ytmonitor({"--config", config, "retry", "abcdefghijk"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err.find("no video abcdefghijk") != std::string::npos);
  auto all = ytmonitor({"--config", config, "retry", "--failed"});
  CHECK(all.exit_code == 0);
  CHECK(all.out == "0 videos queued again\n");
}

TEST_CASE("an invalid configuration stops run before it starts, with exit code 1") {
  TempDir dir;
  dir.write("config.yaml", "workers: many\n");
  dir.write("subscriptions.yaml", "channels: []\n");
  auto r = ytmonitor({"--config", (dir / "config.yaml").string(), "run"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("config.yaml:1:10: 'workers' must be a whole number") != std::string::npos);
}

TEST_CASE("every global option is taken before and after every subcommand") {
  // Each subcommand with the arguments it needs; all of them read the configuration first, so a
  // missing one named by --config proves the option reached the command (exit 1 naming the file)
  // instead of being rejected as a usage error (exit 2).
  const std::vector<std::vector<std::string>> commands = {{"run"},
                                                          {"check-config"},
                                                          {"status"},
                                                          {"status", "--json"},
                                                          {"poll-once"},
                                                          {"process", "abcdefghijk"},
                                                          {"retry", "--failed"},
                                                          {"resolve", "@someone"},
                                                          {"transcript", "abcdefghijk"},
                                                          {"render", "--all"},
                                                          {"doctor", "--no-model-call"}};
  TempDir dir;
  const std::string missing = (dir / "missing.yaml").string();
  const std::vector<std::string> globals = {
      "--config",    missing, "--state-dir", (dir / "state").string(), "--output-dir", (dir / "out").string(),
      "--log-level", "debug"};
  for (const auto& command : commands) {
    std::vector<std::string> before = globals;
    before.insert(before.end(), command.begin(), command.end());
    std::vector<std::string> after = command;
    after.insert(after.end(), globals.begin(), globals.end());
    for (const auto& args : {before, after}) {
      std::string line;
      for (const auto& a : args) line += a + " ";
      INFO(line);
      auto r = ytmonitor(args);
      CHECK(r.exit_code == 1);
      CHECK(r.err.find(missing + ":0:0: cannot read the file") != std::string::npos);
      CHECK(r.err.find("not expected") == std::string::npos);
    }
  }
}

TEST_CASE("a global option after the subcommand takes effect: status --state-dir reads that folder") {
  TempDir dir;
  auto config = write_config(dir, "channels: []\n");
  make_database(dir / "elsewhere");
  auto r = ytmonitor({"status", "--json", "--config", config, "--state-dir", (dir / "elsewhere").string()});
  REQUIRE(r.exit_code == 0);
  CHECK(ytmonitor({"status", "--json", "--config", config}).exit_code == 1);  // state_dir: state has none
  CHECK_FALSE(std::filesystem::exists(dir / "state" / "ytmonitor.db"));
  auto short_form = ytmonitor({"check-config", "-c", config});
  CHECK(short_form.exit_code == 0);
}

TEST_CASE("status, search, render and retry never create a database: they say which state_dir they looked in") {
  TempDir dir;
  auto config = write_config(dir, "channels: []\n");
  const std::vector<std::vector<std::string>> commands = {
      {"status"}, {"status", "--json"}, {"search", "anything"}, {"render", "--all"}, {"retry", "--failed"}};
  for (const auto& command : commands) {
    std::vector<std::string> args{"--config", config};
    args.insert(args.end(), command.begin(), command.end());
    INFO(command.front());
    auto r = ytmonitor(args);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == "ytmonitor " + command.front() + ": no database in " + (dir / "state").string() + " (state_dir in " +
                       config +
                       "): the daemon has not run with this state_dir; give the daemon's with --state-dir, or "
                       "--config with its configuration file\n");
    CHECK_FALSE(std::filesystem::exists(dir / "state"));
  }
  auto elsewhere = ytmonitor({"--config", config, "--state-dir", (dir / "other").string(), "status"});
  CHECK(elsewhere.exit_code == 1);
  CHECK(elsewhere.err.find("no database in " + (dir / "other").string() + " (--state-dir)") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "other"));
}

TEST_CASE(
    "a mistyped command is named with the command that was meant, and every command's help shows the global options") {
  auto typo = ytmonitor({"statsu", "--config", "x.yaml"});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err == "ytmonitor: 'statsu' is not a command. Did you mean 'status'? (ytmonitor --help lists them)\n");
  auto far = ytmonitor({"--config", "x.yaml", "frobnicate"});
  CHECK(far.exit_code == 2);
  CHECK(far.err == "ytmonitor: 'frobnicate' is not a command. (ytmonitor --help lists them)\n");
  for (const char* command : {"status", "search", "doctor", "run"}) {
    INFO(command);
    auto help = ytmonitor({command, "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Global options, before or after the command:") != std::string::npos);
    CHECK(help.out.find("  --state-dir DIR ") != std::string::npos);
  }
}

TEST_CASE("status --json prints nothing but its JSON on stdout, also when it upgrades an older database") {
  TempDir dir;
  auto config = write_config(dir, "channels: []\n");
  std::filesystem::create_directories(dir / "state");
  {
    ytm::store::Connection db(dir / "state/ytmonitor.db");
    ytm::store::migrate(db, ytm::test::migrations_before("_crash_accounting.sql"));
  }
  auto r = ytmonitor({"--config", config, "status", "--json"});
  REQUIRE(r.exit_code == 0);
  INFO(r.out);
  CHECK_NOTHROW(nlohmann::json::parse(r.out));
  CHECK(r.out.front() == '{');
}
