// The video's own glossary through the real pipeline against tests/fakes/fake_model: a stand-in
// that renders a recurring name its own way in each part of a talk unless a glossary says how
// (vary_names), and, asked to, says in its notes how it rendered it (propose_terms).
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include <cstdlib>

#include "core/blocking.hpp"
#include "core/limiter.hpp"
#include "model/backend.hpp"
#include "pipeline/channel_prompts.hpp"
#include "pipeline/stages/request.hpp"
#include "pipeline/step_cache.hpp"
#include "pipeline/video.hpp"
#include "pipeline/video_terms.hpp"
#include "pipeline_harness.hpp"
#include "render/markdown.hpp"
#include "synthetic_transcript.hpp"

using namespace ytm;
using nlohmann::json;

namespace {

const std::string name = "Jensen Huang";
// How the stand-in writes the name in parts 1, 2, 3 and 4 of a talk when nothing says how.
const std::vector<std::string> renderings{"Jensen·Huang", "HuangJensen", "J. Huang", "Huang·Jensen"};

// A 40-minute talk in four chunks that names its guest every twentieth caption.
pipeline::PipelineInput talk_with_a_guest() {
  auto input = test::synthetic_talk(40);
  input.video.id = "guestname01";
  for (std::size_t i = 0; i < input.segments.size(); i += 20) input.segments[i].text = name + " says " + input.segments[i].text;
  return input;
}

void vary_names(test::PipelineEnv& env, bool propose_terms) {
  env.settings.model.max_chunk_tokens = 3000;
  env.fake.faults(json{{"vary_names", name}, {"propose_terms", propose_terms}});
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

// How often each of the four renderings occurs in the text.
std::vector<std::size_t> counts(const std::string& text) {
  std::vector<std::size_t> out;
  for (const auto& r : renderings) out.push_back(count(text, r));
  return out;
}

std::string summary_text(const pipeline::VideoResult& r) {
  std::string text = r.summary.intro + "\n" + r.summary.tldr + "\n";
  for (const auto& c : r.summary.chapters) text += c.title + "\n" + c.summary + "\n";
  for (const auto& a : r.summary.arguments) text += a.title + "\n" + a.content + "\n" + a.practical_meaning + "\n";
  for (const auto& q : r.summary.quotes) text += q.translation + "\n";
  return text;
}

std::string translation_text(const pipeline::VideoResult& r) {
  std::string text;
  for (const auto& p : r.translation) text += p.text + "\n";
  return text;
}

}  // namespace

TEST_CASE("a name in every part of a talk is written one way in its document once the first part's notes say how") {
  const auto input = talk_with_a_guest();
  test::PipelineEnv with;
  vary_names(with, true);
  auto result = with.run(input);
  REQUIRE(result.ok());
  REQUIRE(with.calls("translate_notes") == 4);
  CHECK(with.calls("summary") == 1);
  CHECK(result->terms == pipeline::Terms{{name, "Jensen·Huang"}});
  const std::string document = render::render_markdown(*result, render::RenderOptions{});
  // 40 mentions translated, 4 in the summary's fields, the TL;DR again in the front matter.
  CHECK(counts(translation_text(*result)) == std::vector<std::size_t>{40, 0, 0, 0});
  CHECK(counts(summary_text(*result)) == std::vector<std::size_t>{4, 0, 0, 0});
  CHECK(counts(document) == std::vector<std::size_t>{45, 0, 0, 0});

  // Parts 2 to 4 and the summary carried the glossary; part 1 could not.
  const json seen = with.fake.stats()["seen"];
  int carried = 0;
  for (const auto& call : seen) {
    const bool has = call["prompt_end"].get<std::string>().find(
                         "<video_glossary>\nEarlier parts of this video wrote these names and terms so; write each the "
                         "same way wherever it occurs:\n- Jensen Huang → Jensen·Huang\n</video_glossary>\n") !=
                     std::string::npos;
    carried += has ? 1 : 0;
    if (call["prompt_head"].get<std::string>().find("Translate part 1 of 4") != std::string::npos) CHECK_FALSE(has);
  }
  CHECK(carried == 4);

  // Without the notes' terms, each part writes the name its own way: four renderings in one document,
  // for the same calls.
  test::PipelineEnv without;
  vary_names(without, false);
  auto plain = without.run(input);
  REQUIRE(plain.ok());
  CHECK(plain->terms.empty());
  CHECK(without.calls("translate_notes") == 4);
  CHECK(without.calls("summary") == 1);
  CHECK(counts(translation_text(*plain)) == std::vector<std::size_t>{11, 11, 11, 7});
  CHECK(counts(summary_text(*plain)) == std::vector<std::size_t>{4, 0, 0, 0});  // its named points are part 1's
  const std::string scattered = render::render_markdown(*plain, render::RenderOptions{});
  std::size_t distinct = 0;
  for (std::size_t n : counts(scattered)) distinct += n > 0 ? 1 : 0;
  CHECK(distinct == 4);
}

TEST_CASE("the channel's glossary wins over the video's: its terms are not carried again, its rendering is used") {
  const auto input = talk_with_a_guest();
  test::PipelineEnv env;
  vary_names(env, true);
  const auto ours = std::make_shared<const pipeline::Prompts>(env.prompts);
  env.prompts = *pipeline::with_channel_text(ours, "", {{name, "黄仁勋"}});
  env.settings.channel_glossary = {{name, "黄仁勋"}};
  auto result = env.run(input);
  REQUIRE(result.ok());
  CHECK(result->terms.empty());
  CHECK(counts(render::render_markdown(*result, render::RenderOptions{})) == std::vector<std::size_t>{0, 0, 0, 0});
  CHECK(count(translation_text(*result), "黄仁勋") == 40);
}

TEST_CASE("a video stopped after its parts were answered rebuilds the same requests: nothing is asked again") {
  const auto input = talk_with_a_guest();
  test::PipelineEnv env;
  vary_names(env, true);
  ::setenv("YTMONITOR_TEST_THROW_IN", "summary", 1);
  CHECK_THROWS(env.run(input));
  ::unsetenv("YTMONITOR_TEST_THROW_IN");
  CHECK(env.calls("translate_notes") == 4);
  CHECK(env.calls("summary") == 0);
  auto result = env.run(input);
  REQUIRE(result.ok());
  CHECK(env.calls("translate_notes") == 4);  // parts 2 to 4 found their checkpoints: same glossary, same hash
  CHECK(env.calls("summary") == 1);
  CHECK(counts(translation_text(*result)) == std::vector<std::size_t>{40, 0, 0, 0});
}

TEST_CASE("a part's request, and so its checkpoint's hash, changes with the video's glossary") {
  test::PipelineEnv env;
  boost::asio::io_context io;
  BlockingPool pool(1);
  auto backend = model::make_backend(io.get_executor(), env.settings.model, env.backend_options);
  Limiter limiter(1);
  const pipeline::PipelineContext ctx{pool, env.store, *backend, limiter, env.prompts, env.settings, {}};
  env.settings.model.max_chunk_tokens = 3000;
  const auto video = pipeline::make_video(ctx, talk_with_a_guest());
  const auto carried = pipeline::with_terms(video, {{name, "Jensen·Huang"}});
  const auto& chunk = video->chunks.at(1);
  const auto plain = pipeline::translate_request(*video, chunk, pipeline::part_label(*video, chunk, ""), true);
  const auto with = pipeline::translate_request(*carried, chunk, pipeline::part_label(*carried, chunk, ""), true);
  CHECK(with.system == plain.system);
  CHECK(with.prompt == plain.prompt +
                           "\n<video_glossary>\nEarlier parts of this video wrote these names and terms so; write each "
                           "the same way wherever it occurs:\n- Jensen Huang → Jensen·Huang\n</video_glossary>\n");
  const auto version = env.prompts.version(pipeline::Task::translate_notes);
  CHECK(pipeline::request_hash(with, version, "claude-test") != pipeline::request_hash(plain, version, "claude-test"));
  const auto repair = pipeline::repair_request(*carried, with, "{", "not JSON");
  CHECK(repair.prompt.find("<video_glossary>") == std::string::npos);  // a repair is of its own answer
}

TEST_CASE("the terms of a notes block are read as models write them, and a list that cannot be read is none") {
  using pipeline::read_terms;
  using pipeline::Terms;
  CHECK(read_terms(json::parse(R"({"terms":[{"term":"Jensen Huang","rendering":"黄仁勋"},{"term":"jensen huang","rendering":"x"}]})")) ==
        Terms{{"Jensen Huang", "黄仁勋"}});
  CHECK(read_terms(json::parse(R"({"terms":[{"原文":"NVIDIA","译名":"英伟达"},"TSMC → 台积电",["CUDA","CUDA"]]})")) ==
        Terms{{"NVIDIA", "英伟达"}, {"TSMC", "台积电"}, {"CUDA", "CUDA"}});
  CHECK(read_terms(json::parse(R"({"terms":{"Blackwell":"布莱克韦尔","Hopper":7}})")) ==
        Terms{{"Blackwell", "布莱克韦尔"}});
  CHECK(read_terms(json::parse(R"({"terms":[{"Grace":"格蕾丝"},{"term":"only a term"},"no separator",42,""]})")) ==
        Terms{{"Grace", "格蕾丝"}});
  CHECK(read_terms(json::parse(R"({"terms":"Jensen Huang → 黄仁勋"})")).empty());
  CHECK(read_terms(json::parse(R"({"points":[]})")).empty());
  const std::string sentence(81, 'a');
  CHECK(read_terms(json{{"terms", json::array({json{{"term", sentence}, {"rendering", "b"}}})}}).empty());
}

TEST_CASE("a term is carried only when its chunk's translation holds its rendering, and not when the channel has it") {
  const auto notes = std::vector<json>{
      json::parse(R"({"terms":[{"term":"Jensen Huang","rendering":"黄仁勋"},{"term":"Blackwell","rendering":"布莱克韦尔"}]})"),
      json::parse(R"({"terms":[{"term":"jensen huang","rendering":"詹森·黄"},{"term":"NVIDIA","rendering":"英伟达"},)"
                  R"({"term":"TSMC","rendering":"台积电"}]})")};
  // The first chunk's model named Blackwell in its notes but never wrote 布莱克韦尔.
  const std::vector<std::string> written{"[0:05] 黄仁勋说……\n", "[9:00] 詹森·黄与英伟达、台积电……\n"};
  CHECK(pipeline::video_glossary(notes, written, {{"TSMC", "TSMC"}}) ==
        pipeline::Terms{{"Jensen Huang", "黄仁勋"}, {"NVIDIA", "英伟达"}});
}

TEST_CASE("a name written another way in a later part is written as where it first occurs, the channel's way first") {
  const auto notes = std::vector<json>{
      json::parse(R"({"terms":[{"term":"Jensen Huang","rendering":"黄仁勋"}]})"),
      json::parse(R"({"terms":[{"term":"jensen huang","rendering":"詹森·黄"},{"term":"TSMC","rendering":"台积电"},)"
                  R"({"term":"Blackwell","rendering":"布莱克韦尔"},{"term":"NVIDIA","rendering":"辉达"}]})"),
      json::parse(R"({"terms":[{"term":"Blackwell","rendering":"布莱克韦尔架构"},{"term":"NVIDIA","rendering":"英伟达"},)"
                  R"({"term":"Grace","rendering":"格"}]})")};
  auto paragraph = [](double t, std::string text) { return pipeline::Paragraph{t, 0, "", std::move(text)}; };
  std::vector<std::vector<pipeline::Paragraph>> translations{
      {paragraph(5, "黄仁勋说……")},
      {paragraph(540, "詹森·黄与台积电……"), paragraph(560, "布莱克韦尔。"), paragraph(580, "辉达。")},
      {paragraph(1100, "布莱克韦尔架构与英伟达，格。"), paragraph(1120, "詹森·黄又说……")}};
  const int changed = pipeline::unify_renderings(translations, notes, {{"TSMC", "TSMC"}});
  CHECK(translations[1][0].text == "黄仁勋与TSMC……");  // the first part's, and the channel's glossary
  CHECK(translations[1][2].text == "辉达。");          // the first to write NVIDIA wins…
  // …one rendering holding the other, and a one-character rendering, are left as written.
  CHECK(translations[2][0].text == "布莱克韦尔架构与辉达，格。");
  CHECK(translations[2][1].text == "詹森·黄又说……");  // its notes did not name him: not touched
  CHECK(changed == 3);
}

TEST_CASE("a name first met after part 1 is written one way in the document, though its parts were asked together") {
  auto input = talk_with_a_guest();
  for (std::size_t i = 0; i < input.segments.size() / 2; i += 20) {
    input.segments[i].text.erase(0, (name + " says ").size());  // the guest is named in the second half only
  }
  test::PipelineEnv env;
  vary_names(env, true);
  auto result = env.run(input);
  REQUIRE(result.ok());
  CHECK(env.calls("translate_notes") == 4);
  // Part 2 wrote the name first (3 times); parts 3 and 4's 17 are written its way, as their notes
  // said they wrote it otherwise. Without this, the document had three renderings.
  CHECK(counts(translation_text(*result)) == std::vector<std::size_t>{0, 20, 0, 0});
  const std::string document = render::render_markdown(*result, render::RenderOptions{});
  CHECK(document.find("统一写法的名字 17 处（同一名字在各部分写法不同，按首次出现的写法统一）") != std::string::npos);
}
