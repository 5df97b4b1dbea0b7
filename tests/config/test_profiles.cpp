// Per-channel profiles: defaults block, then the profile, then the channel's own keys; every key
// checked with its place, as the rest of the configuration is.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "config/channel_settings.hpp"
#include "config/loader.hpp"
#include "config_errors.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using ytm::config::load;
using ytm::test::error_at;
using ytm::test::messages;
using ytm::test::TempDir;

namespace {

const char* config_with_profiles =
    "model:\n"
    "  name: claude-sonnet-4-5\n"
    "transcript:\n"
    "  languages: [en]\n"
    "  whisper: {command: whisper-cli, model: ggml-base.bin}\n"
    "profiles:\n"
    "  games-ja:\n"
    "    language: en\n"
    "    caption_languages: [ja, ja-orig]\n"
    "    instructions: Keep game titles in their official English names.\n"
    "    sections: [tldr, chapters, translation]\n"
    "    sponsorblock: {categories: [sponsor, selfpromo], action: mark}\n"
    "    whisper: false\n";

// The configuration in dir, which must load without an error and list `channels` channels.
ytm::config::Loaded loaded_ok(const TempDir& dir, std::size_t channels) {
  auto loaded = load(dir / "config.yaml");
  INFO(Catch::Detail::stringify(messages(loaded)));
  REQUIRE(loaded.ok());
  REQUIRE(loaded.subscriptions.channels.size() == channels);
  return loaded;
}

auto resolved(const ytm::config::Loaded& loaded, std::size_t channel) {
  return ytm::config::resolve(loaded.config, loaded.subscriptions.channels.at(channel));
}

}  // namespace

TEST_CASE("a channel takes its profile's keys, overrides single ones, and others keep today's defaults") {
  TempDir dir;
  dir.write("config.yaml", config_with_profiles);
  dir.write("prompts/news.md", "Name every official by title and name.\n");
  dir.write("glossary-news.yaml", "习近平: Xi Jinping\n国务院: State Council\n");
  dir.write("subscriptions.yaml",
            "profiles:\n"
            "  news-zh:\n"
            "    language: en\n"
            "    instructions_file: prompts/news.md\n"
            "    glossary_file: glossary-news.yaml\n"
            "    model: {name: claude-opus-4-1, max_chunk_tokens: 3000}\n"
            "    exclude: 'live'\n"
            "channels:\n"
            "  - handle: '@gamer'\n"
            "    profile: games-ja\n"
            "    sections: [tldr, translation]\n"
            "  - handle: '@news'\n"
            "    profile: news-zh\n"
            "  - '@plain'\n");
  const auto loaded = loaded_ok(dir, 3);
  const auto& ch = loaded.subscriptions.channels;

  auto gamer = resolved(loaded, 0);
  CHECK(gamer.output_language == "en");
  CHECK(gamer.transcript.languages == std::vector<std::string>{"ja", "ja-orig"});
  CHECK(gamer.transcript.whisper.command.empty());
  CHECK(gamer.instructions == "Keep game titles in their official English names.");
  CHECK(gamer.sections == std::vector<std::string>{"tldr", "translation"});  // the channel's own
  CHECK(gamer.sponsorblock.categories == std::vector<std::string>{"sponsor", "selfpromo"});
  CHECK(gamer.sponsorblock.action == ytm::config::SponsorAction::mark);
  CHECK(gamer.model.name == "claude-sonnet-4-5");

  auto news = resolved(loaded, 1);
  CHECK(news.output_language == "en");
  CHECK(news.instructions == "Name every official by title and name.\n");
  CHECK(news.glossary ==
        std::vector<std::pair<std::string, std::string>>{{"习近平", "Xi Jinping"}, {"国务院", "State Council"}});
  CHECK(news.model.name == "claude-opus-4-1");
  CHECK(news.model.max_chunk_tokens == 3000);
  CHECK(news.model.max_output_tokens == loaded.config.model.max_output_tokens);
  CHECK(ch[1].exclude == "live");
  CHECK(news.transcript.whisper.command == "whisper-cli");

  auto plain = resolved(loaded, 2);
  CHECK(plain.output_language == "zh-CN");
  CHECK(plain.transcript.languages == std::vector<std::string>{"en"});
  CHECK(plain.instructions.empty());
  CHECK(plain.sections.empty());
  CHECK(plain.model.name == "claude-sonnet-4-5");
  CHECK(plain.sponsorblock.categories == std::vector<std::string>{"sponsor", "selfpromo", "interaction"});
  CHECK(plain.sponsorblock.action == ytm::config::SponsorAction::skip);
  CHECK(plain.sponsorblock.base_url == "https://sponsor.ajay.app");
  CHECK(plain.sponsorblock.timeout == 10s);
}

TEST_CASE("the defaults block may name a profile, and a channel's own profile replaces it") {
  TempDir dir;
  dir.write("config.yaml", config_with_profiles);
  dir.write("subscriptions.yaml",
            "profiles:\n"
            "  podcast-en: {language: zh-CN, sections: [tldr, people, translation]}\n"
            "defaults: {profile: podcast-en, min_duration: 5m}\n"
            "channels:\n"
            "  - '@talk'\n"
            "  - {handle: '@gamer', profile: games-ja}\n");
  const auto loaded = loaded_ok(dir, 2);
  const auto& ch = loaded.subscriptions.channels;
  CHECK(ch[0].profile == "podcast-en");
  CHECK(ch[0].sections == std::vector<std::string>{"tldr", "people", "translation"});
  CHECK(ch[0].min_duration == 300s);
  CHECK(ch[1].profile == "games-ja");
  CHECK(ch[1].language == "en");
  CHECK(ch[1].sections == std::vector<std::string>{"tldr", "chapters", "translation"});
  CHECK(ch[1].min_duration == 300s);
}

TEST_CASE("profile errors name the file, line and column, with the closest known word") {
  TempDir dir;
  dir.write("config.yaml",
            "profiles:\n"
            "  games:\n"
            "    langauge: en\n"
            "    whisper: true\n"
            "    sponsorblock: {categories: [sponsor, selfpromotion], action: hide}\n"
            "sponsorblock:\n"
            "  base_url: sponsor.example\n"
            "  categories: [intro, outros]\n");
  dir.write("bad-glossary.yaml", "OpenAI: OpenAI\nSam Altman: [Sam, Altman]\n");
  dir.write("subscriptions.yaml",
            "profiles:\n"
            "  games: {language: en}\n"
            "  news:\n"
            "    sections: [tldr, summary]\n"
            "    instructions_file: missing.md\n"
            "    glossary_file: bad-glossary.yaml\n"
            "    model: {backend: gemini, nmae: x}\n"
            "channels:\n"
            "  - handle: '@a'\n"
            "    profile: gmaes\n"
            "  - handle: '@b'\n"
            "    profile: news\n"
            "    instructions: inline\n"
            "    instructions_file: also.md\n");
  auto loaded = load(dir / "config.yaml");
  INFO(Catch::Detail::stringify(messages(loaded)));
  CHECK(error_at(loaded, "config.yaml", 3, 5) ==
        "unknown key 'langauge' in profile 'games' (did you mean 'language'?)");
  CHECK(error_at(loaded, "config.yaml", 4, 14) ==
        "'whisper: true' needs transcript.whisper (command and model) in config.yaml");
  CHECK(error_at(loaded, "config.yaml", 5, 42) ==
        "'selfpromotion' is not one of the categories (sponsor, selfpromo, interaction, intro, outro, preview, hook, "
        "filler, music_offtopic)");
  CHECK(error_at(loaded, "config.yaml", 5, 66) ==
        "'action' must be skip (left out of the model's work) or mark, not 'hide'");
  CHECK(error_at(loaded, "config.yaml", 7, 13) == "'base_url' must start with https:// or http://");
  CHECK(error_at(loaded, "config.yaml", 8, 23).ends_with("music_offtopic); did you mean 'outro'?"));
  CHECK(error_at(loaded, "subscriptions.yaml", 2, 3).starts_with("profile 'games' is already defined at "));
  CHECK(error_at(loaded, "subscriptions.yaml", 4, 22) ==
        "'summary' is not one of the sections (intro, tldr, chapters, arguments, companies, quotes, people, "
        "video_type, translation)");
  CHECK(error_at(loaded, "subscriptions.yaml", 5, 24).ends_with("missing.md: missing or not readable"));
  CHECK(error_at(loaded, "bad-glossary.yaml", 2, 1) ==
        "each glossary entry must be 'term: rendering', both plain text");
  CHECK(error_at(loaded, "subscriptions.yaml", 7, 22) ==
        "'backend' must be claude-cli, anthropic or openai, not 'gemini'");
  CHECK(error_at(loaded, "subscriptions.yaml", 7, 30) ==
        "unknown key 'nmae' in a channel's model (did you mean 'name'?)");
  CHECK(error_at(loaded, "subscriptions.yaml", 10, 14) == "no profile named 'gmaes' (did you mean 'games'?)");
  CHECK(error_at(loaded, "subscriptions.yaml", 14, 24) ==
        "give 'instructions' (the text) or 'instructions_file', not both");
  CHECK(loaded.errors.size() == 14);
}

TEST_CASE("a profile's model batches by its backend's default, and says so when batch is set wrong") {
  TempDir dir;
  dir.write("config.yaml", "model:\n  name: claude-sonnet-4-5\n");  // the claude CLI: no batches
  dir.write("subscriptions.yaml",
            "profiles:\n"
            "  api: {model: {backend: anthropic, name: claude-haiku-4-5}}\n"
            "  api-now: {model: {backend: openai, base_url: 'http://127.0.0.1:8080', batch: off}}\n"
            "  waits: {model: {backend: anthropic, batch_max_wait: 30m}}\n"
            "channels:\n"
            "  - {handle: '@api', profile: api}\n"
            "  - {handle: '@now', profile: api-now}\n"
            "  - {handle: '@waits', profile: waits}\n"
            "  - '@plain'\n");
  const auto loaded = loaded_ok(dir, 4);
  CHECK(resolved(loaded, 0).model.batch);
  CHECK_FALSE(resolved(loaded, 1).model.batch);
  CHECK(resolved(loaded, 2).model.batch_max_wait == 30min);
  CHECK_FALSE(resolved(loaded, 3).model.batch);

  dir.write("subscriptions.yaml",
            "profiles:\n"
            "  cli: {model: {backend: claude-cli, batch: auto}}\n"
            "  typo: {model: {backend: anthropic, batch: sometimes}}\n"
            "channels: ['@a']\n");
  auto bad = load(dir / "config.yaml");
  CHECK(error_at(bad, "subscriptions.yaml", 2, 45) == "the claude-cli backend has no batches: 'batch' must be off");
  CHECK(error_at(bad, "subscriptions.yaml", 3, 45) == "'batch' must be auto or off, not 'sometimes'");
  CHECK(bad.errors.size() == 2);
}

TEST_CASE("a profile lists the channel's hosts, a channel may name its own, and bad lists are placed") {
  TempDir dir;
  dir.write("config.yaml",
            "profiles:\n"
            "  podcast:\n"
            "    language: zh-CN\n"
            "    hosts: [Sarah Guo, Elad Gil]\n");
  dir.write("subscriptions.yaml",
            "channels:\n"
            "  - {handle: '@nopriors', profile: podcast}\n"
            "  - {handle: '@solo', profile: podcast, hosts: [Lex Fridman]}\n"
            "  - '@plain'\n");
  const auto loaded = loaded_ok(dir, 3);
  CHECK(resolved(loaded, 0).hosts == std::vector<std::string>{"Sarah Guo", "Elad Gil"});
  CHECK(resolved(loaded, 1).hosts == std::vector<std::string>{"Lex Fridman"});
  CHECK(resolved(loaded, 2).hosts.empty());

  dir.write("subscriptions.yaml",
            "profiles:\n"
            "  talk: {hosts: Sarah Guo}\n"
            "channels:\n"
            "  - {handle: '@a', hosts: [Sarah Guo, [Elad, Gil]]}\n"
            "  - {handle: '@b', hosts: [Sarah Guo, '  ']}\n"
            "  - {handle: '@c', hots: [Sarah Guo]}\n");
  auto bad = load(dir / "config.yaml");
  INFO(Catch::Detail::stringify(messages(bad)));
  CHECK(error_at(bad, "subscriptions.yaml", 2, 17) == "'hosts' must be a list, like [a, b]");
  CHECK(error_at(bad, "subscriptions.yaml", 4, 39) == "items of 'hosts' must be single values");
  CHECK(error_at(bad, "subscriptions.yaml", 5, 39) ==
        "each of 'hosts' must be a name on one line, up to 80 bytes, like [Sarah Guo, Elad Gil]");
  CHECK(error_at(bad, "subscriptions.yaml", 6, 20) == "unknown key 'hots' in a channel (did you mean 'hosts'?)");
  CHECK(bad.errors.size() == 4);
}
