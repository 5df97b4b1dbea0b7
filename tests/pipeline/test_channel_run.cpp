// What a channel's profile changes in the pipeline, against tests/fakes/fake_model: the sections
// it wants (no translation section: no translation paid for) and its own words for the model.
#include <catch2/catch.hpp>

#include "pipeline/channel_prompts.hpp"
#include "pipeline_harness.hpp"
#include "synthetic_transcript.hpp"

using namespace ytm;

namespace {

}  // namespace

TEST_CASE("a channel that wants no translation section pays for no translation: notes calls and the summary only") {
  test::PipelineEnv env;
  env.settings.translate = false;
  const auto input = test::synthetic_talk(40);
  auto result = env.run(input);
  REQUIRE(result.ok());
  CHECK(env.calls("translate") == 0);
  CHECK(env.calls("translate_notes") == 0);
  CHECK(env.calls("notes") >= 2);  // 40 minutes: more than one chunk
  CHECK(env.calls("summary") == 1);
  CHECK(result->usage.calls == env.calls("notes") + 1);
  CHECK_FALSE(result->summary.tldr.empty());
}

TEST_CASE("a channel's instructions and glossary follow our rules in every request, and change its prompt version") {
  test::PipelineEnv env;
  const auto ours = std::make_shared<const pipeline::Prompts>(env.prompts);
  const auto channel = pipeline::with_channel_text(ours, "Call every robot a droid.\n",
                                                   {{"Jensen Huang", "黄仁勋"}, {"NVIDIA", "英伟达"}});
  CHECK(pipeline::with_channel_text(ours, "  \n", {}) == ours);  // nothing to add: our prompts as they are
  CHECK(channel->version(pipeline::Task::translate) != ours->version(pipeline::Task::translate));
  CHECK(channel->version(pipeline::Task::summary) != ours->version(pipeline::Task::summary));
  env.prompts = *channel;
  auto result = env.run(test::synthetic_talk(8));
  REQUIRE(result.ok());
  const auto seen = env.fake.stats()["seen"];
  REQUIRE(seen.size() == 2);  // one chunk: its translation and the summary
  for (const auto& call : seen) {
    const auto system = call["system_end"].get<std::string>();
    const auto rules = system.find("Follow the requested output format exactly");
    const auto own = system.find("<reader_instructions>\nCall every robot a droid.\n</reader_instructions>");
    REQUIRE(rules != std::string::npos);
    REQUIRE(own != std::string::npos);
    CHECK(rules < own);
    CHECK(system.ends_with(
        "This channel's glossary: write each term on the left as given on the right, every time it occurs.\n"
        "- Jensen Huang → 黄仁勋\n- NVIDIA → 英伟达\n"));
  }
}
