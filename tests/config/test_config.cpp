#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "config/loader.hpp"
#include "config_errors.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using ytm::config::load;
using ytm::test::TempDir;

using ytm::test::has_error;
using ytm::test::messages;

TEST_CASE("the shipped example configuration is valid") {
  auto loaded = load(YTM_SOURCE_DIR "/config/config.yaml");
  INFO(Catch::Detail::stringify(messages(loaded)));
  REQUIRE(loaded.ok());
  CHECK(loaded.subscriptions.channels.size() == 3);
  CHECK(loaded.config.output.language == "zh-CN");
  CHECK(loaded.config.youtube.poll_interval == 15min);
}

TEST_CASE("an empty configuration gives the documented defaults") {
  TempDir dir;
  dir.write("config.yaml", "");
  dir.write("subscriptions.yaml", "channels: []\n");
  auto loaded = load(dir / "config.yaml");
  REQUIRE(loaded.ok());
  const auto& c = loaded.config;
  CHECK(c.youtube.base_url == "https://www.youtube.com");
  CHECK(c.youtube.poll_interval == 15min);
  CHECK(c.youtube.max_concurrent_fetches == 4);
  CHECK(c.output.language == "zh-CN");
  CHECK(c.output.filename == "{channel}/{date} {title}.md");
  CHECK(c.model.backend == ytm::config::ModelBackend::claude_cli);
  CHECK(c.status.listen == "127.0.0.1:8787");
  CHECK(c.state_dir == "/var/lib/ytmonitor");
  CHECK(c.output_dir == "/var/lib/ytmonitor/documents");
  CHECK(c.subscriptions_file == dir.path() / "subscriptions.yaml");
}

TEST_CASE("relative paths are read from the configuration's folder") {
  TempDir dir;
  dir.write("etc/config.yaml", "state_dir: ../state\noutput_dir: docs\nsubscriptions_file: subs/list.yaml\n");
  dir.write("etc/subs/list.yaml", "channels: ['@one']\n");
  auto loaded = load(dir / "etc/config.yaml");
  REQUIRE(loaded.ok());
  CHECK(loaded.config.state_dir == dir.path() / "state");
  CHECK(loaded.config.output_dir == dir.path() / "etc/docs");
  CHECK(loaded.subscriptions.channels.at(0).handle == "@one");
}

TEST_CASE("every problem in config.yaml is reported with its line and column") {
  TempDir dir;
  dir.write("config.yaml",
            "workers: two\n"
            "youtube:\n"
            "  poll_intervall: 15m\n"
            "  request_timeout: 10 minutes\n"
            "  base_url: ftp://example.com\n"
            "model:\n"
            "  backend: gpt\n"
            "output: [a, b]\n"
            "colour: blue\n");
  dir.write("subscriptions.yaml", "channels: []\n");
  auto loaded = load(dir / "config.yaml");
  INFO(Catch::Detail::stringify(messages(loaded)));
  CHECK(has_error(loaded, "config.yaml", 1, 10, "'workers' must be a whole number"));
  CHECK(has_error(loaded, "config.yaml", 3, 3,
                  "unknown key 'poll_intervall' in youtube (did you mean 'poll_interval'?)"));
  CHECK(has_error(loaded, "config.yaml", 4, 20, "must be a duration"));
  CHECK(has_error(loaded, "config.yaml", 5, 13, "must start with https://"));
  CHECK(has_error(loaded, "config.yaml", 7, 12, "'backend' must be claude-cli, anthropic or openai"));
  CHECK(has_error(loaded, "config.yaml", 8, 9, "output must be a mapping"));
  CHECK(has_error(loaded, "config.yaml", 9, 1, "unknown key 'colour'"));
  CHECK(loaded.errors.size() == 7);
}

TEST_CASE("a YAML syntax error names where it is") {
  TempDir dir;
  dir.write("config.yaml", "youtube:\n  poll_interval: 15m\n   jitter: 0.1\n");
  auto loaded = load(dir / "config.yaml");
  REQUIRE(loaded.errors.size() == 1);
  CHECK(loaded.errors[0].line == 3);
  CHECK(loaded.errors[0].message.find("YAML syntax error") == 0);
}

TEST_CASE("a missing subscription list is an error that names the file") {
  TempDir dir;
  dir.write("config.yaml", "subscriptions_file: nowhere.yaml\n");
  auto loaded = load(dir / "config.yaml");
  REQUIRE(loaded.errors.size() == 1);
  CHECK(loaded.errors[0].file == dir.path() / "nowhere.yaml");
  CHECK(loaded.errors[0].message.find("cannot read") != std::string::npos);
}

TEST_CASE("subscription errors: regexes, durations, ids, duplicates, unknown keys") {
  TempDir dir;
  dir.write("config.yaml", "");
  dir.write("subscriptions.yaml",
            "defaults:\n"
            "  min_duration: 2x\n"
            "channels:\n"
            "  - handle: \"@a\"\n"
            "    include: \"(unclosed\"\n"
            "  - handle: \"@A\"\n"
            "  - id: UC123\n"
            "  - foo\n"
            "  - name: nameless\n"
            "  - id: UCbfYPyITQ-7l4upoX8nvctg\n"
            "    handle: \"@both\"\n"
            "  - url: https://www.youtube.com/@x\n"
            "    skip_short: true\n"
            "    backfill: -1\n");
  auto loaded = load(dir / "config.yaml");
  INFO(Catch::Detail::stringify(messages(loaded)));
  CHECK(has_error(loaded, "subscriptions.yaml", 2, 17, "'min_duration' must be a duration"));
  CHECK(has_error(loaded, "subscriptions.yaml", 5, 14, "'include' is not a valid regular expression"));
  CHECK(has_error(loaded, "subscriptions.yaml", 6, 5, "duplicate channel @A: already listed at line 4"));
  CHECK(has_error(loaded, "subscriptions.yaml", 7, 9, "'id' must be a channel id"));
  CHECK(has_error(loaded, "subscriptions.yaml", 8, 5, "'foo' is not a channel id"));
  CHECK(has_error(loaded, "subscriptions.yaml", 9, 5, "a channel needs one of 'id', 'handle' or 'url'"));
  CHECK(has_error(loaded, "subscriptions.yaml", 10, 5, "give only one of"));
  CHECK(has_error(loaded, "subscriptions.yaml", 13, 5,
                  "unknown key 'skip_short' in a channel (did you mean 'skip_shorts'?)"));
  CHECK(has_error(loaded, "subscriptions.yaml", 14, 15, "'backfill' must be between 0 and 500"));
  CHECK(loaded.errors.size() == 9);
}

TEST_CASE("channel settings start from the defaults block and override it") {
  TempDir dir;
  dir.write("config.yaml", "");
  dir.write("subscriptions.yaml",
            "defaults: {skip_shorts: false, min_duration: 5m, backfill: 2, language: en}\n"
            "channels:\n"
            "  - '@plain'\n"
            "  - handle: special\n"
            "    min_duration: 90s\n"
            "    exclude: 'live|shorts'\n"
            "  - UCbfYPyITQ-7l4upoX8nvctg\n"
            "  - https://www.youtube.com/watch?v=k-xtmISBCNE\n");
  auto loaded = load(dir / "config.yaml");
  REQUIRE(loaded.ok());
  const auto& ch = loaded.subscriptions.channels;
  REQUIRE(ch.size() == 4);
  CHECK(ch[0].handle == "@plain");
  CHECK_FALSE(ch[0].skip_shorts);
  CHECK(ch[0].min_duration == 300s);
  CHECK(ch[0].backfill == 2);
  CHECK(ch[1].handle == "@special");
  CHECK(ch[1].min_duration == 90s);
  CHECK(ch[1].exclude == "live|shorts");
  CHECK(ch[1].language == "en");
  CHECK(ch[2].id == "UCbfYPyITQ-7l4upoX8nvctg");
  CHECK(ch[3].url == "https://www.youtube.com/watch?v=k-xtmISBCNE");
  CHECK(ch[3].line == 8);
}

TEST_CASE("transcript.js_runtime and transcript.update: defaults, accepted forms and errors with their place") {
  TempDir dir;
  dir.write("subscriptions.yaml", "channels: []\n");
  dir.write("config.yaml", "");
  auto defaults = load(dir / "config.yaml");
  REQUIRE(defaults.ok());
  CHECK(defaults.config.transcript.js_runtime == "auto");
  CHECK(defaults.config.transcript.update == "auto");
  for (const char* good : {"deno", "node", "none", "node:/usr/local/bin/node", "bun"}) {
    INFO(good);
    dir.write("config.yaml", std::string("transcript:\n  js_runtime: '") + good + "'\n  update: 'off'\n");
    auto loaded = load(dir / "config.yaml");
    CHECK(loaded.ok());
    CHECK(loaded.config.transcript.js_runtime == good);
    CHECK(loaded.config.transcript.update == "off");
  }
  dir.write("config.yaml", "transcript:\n  js_runtime: nodejs\n  update: daily\n");
  auto bad = load(dir / "config.yaml");
  CHECK(has_error(bad, "config.yaml", 2, 15, "'js_runtime' must be auto, none, deno, node"));
  CHECK(has_error(bad, "config.yaml", 3, 11, "'update' must be auto or off, not 'daily'"));
  dir.write("config.yaml", "transcript:\n  js_runtime: 'node:'\n");
  CHECK_FALSE(load(dir / "config.yaml").ok());
}
