// scripts/first-run, the step of `make run` before the daemon starts, on the example config as a
// newcomer has it: a PATH with only basic tools, stand-ins for npm and curl where the network
// installs would happen (tests/fakes), and a temporary RUN_DIR for the prefix and doctor's state.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/background.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using ytm::test::TempDir;
using Env = std::vector<std::pair<std::string, std::string>>;

namespace {

namespace fs = std::filesystem;

struct FirstRun {
  TempDir dir;
  Env env;

  // PATH: the tools the script and the stand-ins use, plus `extra` (absolute paths), nothing else:
  // no claude, no yt-dlp, no Deno, no Node.
  explicit FirstRun(const std::vector<std::string>& extra = {}) {
    auto bin = dir / "bin";
    fs::create_directories(bin);
    std::vector<std::string> tools = {"/usr/bin/env", "/bin/bash", "/bin/sh",       "/usr/bin/dirname", "/bin/mkdir",
                                      "/bin/grep",    "/bin/sed",  "/usr/bin/head", "/bin/date",        "/bin/ln",
                                      "/bin/chmod",   "/bin/mv",   "/bin/rm",       "/usr/bin/python3"};
    tools.insert(tools.end(), extra.begin(), extra.end());
    for (const auto& tool : tools) fs::create_symlink(fs::canonical(tool), bin / fs::path(tool).filename());
    for (const char* fake : {"npm", "curl"})
      fs::create_symlink(YTM_TESTS_DIR "/fakes/" + std::string(fake), bin / fake);
    // The example configuration, only with a status port nothing else can hold.
    auto config = ytm::test::read_file(YTM_SOURCE_DIR "/config/config.yaml");
    config.replace(config.find("127.0.0.1:8787"), 14, "127.0.0.1:0");
    dir.write("config/config.yaml", config);
    dir.write("config/subscriptions.yaml", ytm::test::read_file(YTM_SOURCE_DIR "/config/subscriptions.yaml"));
    fs::create_directories(dir / "home");
    env = {{"PATH", bin.string()},
           {"HOME", (dir / "home").string()},
           {"CLAUDE_CONFIG_DIR", (dir / "home/.claude").string()},
           {"RUN_DIR", (dir / "run").string()},
           {"YTM_FAKE_NPM_LOG", (dir / "npm.log").string()},
           {"YTM_FAKE_CURL_LOG", (dir / "curl.log").string()}};
  }

  ytm::test::RunResult operator()() {
    auto r =
        ytm::test::run({YTM_SOURCE_DIR "/scripts/first-run", YTM_BINARY, (dir / "config/config.yaml").string()}, env);
    UNSCOPED_INFO(r.out << r.err);
    return r;
  }

  [[nodiscard]] fs::path prefix_bin() const { return dir / "run/prefix/bin"; }
};

bool has_line(const std::string& out, const std::string& start) {
  return out.find("\n" + start) != std::string::npos || out.rfind(start, 0) == 0;
}

// The node the tests' claude CLI runs with, from this process's PATH.
std::string node_program() {
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
  for (std::size_t at = 0; at <= path.size();) {
    auto end = path.find(':', at);
    if (end == std::string::npos) end = path.size();
    auto candidate = fs::path(path.substr(at, end - at)) / "node";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    at = end + 1;
  }
  return "/usr/bin/node";
}

std::string pinned_claude() {
  auto package = nlohmann::json::parse(ytm::test::read_file(YTM_SOURCE_DIR "/tests/node/package.json"));
  return package["dependencies"]["@anthropic-ai/claude-code"];
}

}  // namespace

TEST_CASE(
    "first-run on a machine without claude, yt-dlp or a JavaScript runtime installs what npm carries and "
    "prints doctor's lines with their fixes") {
  FirstRun first_run;
  auto r = first_run();
  CHECK(r.exit_code == 0);  // the daemon starts after it either way
  CHECK(has_line(r.out, "first-run: installing @anthropic-ai/claude-code@" + pinned_claude() + " into "));
  CHECK(has_line(r.out, "first-run: installing deno@2 into "));
  CHECK(has_line(r.out, "first-run: fetching the current yt-dlp release into "));
  CHECK(has_line(r.out, "first-run: could not download yt-dlp from GitHub (no internet?)"));
  CHECK(fs::exists(first_run.prefix_bin() / "claude"));
  CHECK(fs::exists(first_run.prefix_bin() / "deno"));
  CHECK_FALSE(fs::exists(first_run.prefix_bin() / "yt-dlp"));
  CHECK_FALSE(fs::exists(first_run.prefix_bin() / "yt-dlp.download"));

  // Doctor's lines, as the README's First run section shows them.
  REQUIRE(has_line(r.out, "ytmonitor doctor:"));
  const auto doctor = r.out.substr(r.out.find("ytmonitor doctor:"));
  CHECK(has_line(doctor, "✓ configuration: "));
  CHECK(has_line(doctor, "✓ state_dir: state_dir " + (first_run.dir / "run/state").string() + " is writable"));
  CHECK(has_line(doctor, "✗ yt-dlp: "));
  // The fixes name where make run's daemon looks first, and work as written there.
  const auto bin = first_run.prefix_bin().string();
  CHECK(doctor.find("Fix: install the current release binary where the daemon looks first: curl -L "
                    "https://github.com/yt-dlp/yt-dlp/releases/latest/download/yt-dlp -o " +
                    bin + "/yt-dlp && chmod +x " + bin + "/yt-dlp") != std::string::npos);
  CHECK(has_line(doctor, "✓ js_runtime: deno deno 2.9.6"));
  CHECK(has_line(doctor, "✗ model: claude CLI " + pinned_claude() +
                             " (Claude Code), not logged in and no "
                             "ANTHROPIC_API_KEY. Fix: run " +
                             bin + "/claude once"));
  CHECK(doctor.find("model_call") == std::string::npos);  // no call without credentials
  CHECK(has_line(doctor, "2 required check(s) failed: ytmonitor cannot process videos until they are fixed."));
  CHECK(has_line(doctor, "first-run: the daemon starts anyway: what the lines marked ✗ concern stays paused"));

  // Run again: what is installed stays, nothing is installed twice.
  auto again = first_run();
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("installing") == std::string::npos);
  CHECK(has_line(again.out, "first-run: fetching the current yt-dlp release into "));
}

TEST_CASE("first-run without npm's registry says so and still prints doctor's result") {
  FirstRun first_run;
  first_run.env.emplace_back("YTM_FAKE_NPM_OFFLINE", "1");
  auto r = first_run();
  CHECK(r.exit_code == 0);
  CHECK(has_line(r.out, "first-run: npm could not install @anthropic-ai/claude-code@"));
  CHECK(has_line(r.out, "first-run: npm could not install deno@2"));
  CHECK(has_line(r.out, "✗ model: the claude CLI (model.command claude) "));
  CHECK(has_line(r.out, "✗ js_runtime: no Deno or Node.js on PATH. Fix: install Deno 2"));
  CHECK(has_line(r.out, "first-run: the daemon starts anyway"));
}

TEST_CASE(
    "first-run with Node, a reachable release download and an API key ends with every check passing, "
    "the real claude CLI proving the key") {
  TempDir model_dir;
  ytm::test::Background model({YTM_TESTS_DIR "/fakes/fake_model", "--port", "0"}, model_dir / "model.log");
  REQUIRE(ytm::test::eventually([&] { return model.log().find('\n') != std::string::npos; }, 10s));
  const auto port = model.log().substr(0, model.log().find('\n'));
  const auto node = node_program();
  const auto node_version = ytm::test::run({node, "--version"}).out;  // "v20.20.2"
  const bool node_serves_ytdlp = std::atoi(node_version.c_str() + 1) >= 20;
  FirstRun first_run({node});
  first_run.env.insert(first_run.env.end(), {{"YTM_FAKE_NPM_REAL_CLAUDE", "1"},
                                             {"YTM_FAKE_CURL_YTDLP", "1"},
                                             {"ANTHROPIC_API_KEY", "test-key"},
                                             {"ANTHROPIC_BASE_URL", "http://127.0.0.1:" + port},
                                             {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"},
                                             {"DISABLE_AUTOUPDATER", "1"}});
  auto r = first_run();
  CHECK(r.exit_code == 0);
  CHECK(has_line(r.out, "first-run: installing @anthropic-ai/claude-code@"));
  if (node_serves_ytdlp) {
    CHECK(r.out.find("deno") == std::string::npos);
    CHECK(has_line(r.out, "✓ js_runtime: node " + node_version.substr(0, node_version.find('\n')) +
                              " (passed to yt-dlp as --js-runtimes node)"));
  } else {  // Debian 12's Node 18: Deno from npm
    CHECK(has_line(r.out, "first-run: installing deno@2 into "));
    CHECK(has_line(r.out, "✓ js_runtime: deno deno 2.9.6"));
  }
  CHECK(fs::exists(first_run.prefix_bin() / "yt-dlp"));
  CHECK(has_line(r.out, "✓ yt-dlp: yt-dlp "));
  CHECK(r.out.find("release binary (linux_exe), updated daily") != std::string::npos);
  CHECK(has_line(r.out, "✓ model: claude CLI " + pinned_claude() + " (Claude Code), ANTHROPIC_API_KEY is set"));
  CHECK(has_line(r.out, "✓ model_call: a one-token call"));
  CHECK(has_line(r.out, "Every required check passes."));
  CHECK(r.out.find("starts anyway") == std::string::npos);
}

TEST_CASE("first-run installs only what is missing: no claude CLI for another backend, nothing when all is there") {
  SECTION("the openai backend needs no claude CLI") {
    FirstRun first_run;
    auto config = ytm::test::read_file(first_run.dir / "config/config.yaml");
    config.replace(config.find("backend: claude-cli"), 19, "backend: openai");
    config.replace(config.find("base_url: \"\""), 12, "base_url: http://127.0.0.1:9");
    first_run.dir.write("config/config.yaml", config);
    auto r = first_run();
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("claude-code") == std::string::npos);
    CHECK_FALSE(fs::exists(first_run.prefix_bin() / "claude"));
    CHECK(has_line(r.out, "first-run: installing deno@2 into "));
    CHECK(has_line(r.out, "✗ model_server: http://127.0.0.1:9 (model.base_url) cannot be reached"));
  }
  SECTION("claude, Deno 2 and a current yt-dlp on PATH: neither npm nor curl is run") {
    TempDir tools;
    tools.write("claude", "#!/bin/sh\necho '" + pinned_claude() + " (Claude Code)'\n");
    tools.write("deno", "#!/bin/sh\necho 'deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)'\n");
    tools.write("yt-dlp", "#!/bin/sh\nexec " YTM_TESTS_DIR "/fakes/yt-dlp \"$@\"\n");
    for (const char* name : {"claude", "deno", "yt-dlp"}) fs::permissions(tools / name, fs::perms::owner_all);
    FirstRun first_run({(tools / "claude").string(), (tools / "deno").string(), (tools / "yt-dlp").string()});
    auto r = first_run();
    CHECK(r.exit_code == 0);
    CHECK_FALSE(fs::exists(first_run.dir / "npm.log"));
    CHECK_FALSE(fs::exists(first_run.dir / "curl.log"));
    CHECK(r.out.find("first-run: install") == std::string::npos);
    CHECK(r.out.find("first-run: fetching") == std::string::npos);
    CHECK(has_line(r.out, "✓ yt-dlp: yt-dlp "));
    CHECK(has_line(r.out, "✓ js_runtime: deno deno 2.9.6"));
    CHECK(has_line(r.out, "✗ model: claude CLI " + pinned_claude() + " (Claude Code), not logged in"));
  }
}
