// Speakers through the whole pipeline against tests/fakes/fake_model: real caption tracks with ">>"
// turns (read at test time from ../shared/real-world/captions, see PROVENANCE.md there) and a creator
// track with "NAME:" labels, parsed as yt-dlp's files are, translated, checked and rendered.
#include <catch2/catch.hpp>

#include <sstream>

#include "jobs/pipeline_input.hpp"
#include "pipeline_harness.hpp"
#include "render/markdown.hpp"
#include "support/real_text.hpp"
#include "support/run.hpp"
#include "support/speaker_labels.hpp"

using namespace ytm;

namespace {

struct Document {
  pipeline::VideoResult result;
  std::string markdown;
  std::vector<std::string> lines;
  std::string prompt;  // the last request's prompt
};

Document translated(const std::filesystem::path& captions, std::vector<std::string> hosts, bool invent) {
  test::PipelineEnv env;
  env.fake.faults({{invent ? "invent_speakers" : "name_speakers", true}});
  auto segments = transcript::parse_caption_file(captions);
  REQUIRE(segments);
  transcript::FetchedVideo fetched;
  fetched.metadata.id = "speakers001";
  fetched.metadata.title = "Labor Day travel deals";
  fetched.metadata.language = "en";
  fetched.transcript.segments = *segments;
  auto input = jobs::pipeline_input(fetched, "zh-CN");
  input.hosts = std::move(hosts);
  auto result = env.run(input);
  REQUIRE(result.ok());
  Document doc{*result, render::render_markdown(*result, {}), {}, env.fake.stats()["last"]["prompt"]};
  std::istringstream in(doc.markdown);
  for (std::string line; std::getline(in, line);) doc.lines.push_back(line);
  return doc;
}

std::vector<std::string> labelled(const Document& doc) { return test::speaker_labels(doc.markdown, "speakers001"); }

std::string line_starting(const Document& doc, std::string_view start) {
  for (const auto& line : doc.lines) {
    if (line.starts_with(start)) return line;
  }
  return "";
}

}  // namespace

TEST_CASE("a local news track's >> turns are paragraphs, named from what the captions say") {
  const auto doc = translated(test::real_caption("scribesalad-8newsnow-travel-manual-en-2022.vtt"), {}, false);
  // "…ACCORDING TO TRAVEL EXPERT JANINE TURNER TORE WELCOME BACK." and then two turns.
  CHECK(labelled(doc) == std::vector<std::string>{"0:16 Janine Turner", "0:24 主持人"});
  CHECK(line_starting(doc, "[0:16]") ==
        "[0:16](https://www.youtube.com/watch?v=speakers001&t=16s) **Janine Turner**：〔zh-CN〕 GREAT TO BE HERE GREAT TO "
        "SEE YOU AGAIN ARE YOU SEEING A LOT OF PEOPLE SCRAMBLING TRYING TO MAKE TRAVEL PLANS RIGHT NOW. "
        "（发们实展样间门时发们实展看见你们经习是你们对际开认境现的人们东长还书实展制造时济东问马问认经）");
  CHECK(line_starting(doc, "*说话人") == "*说话人：Janine Turner（字幕中提到）、主持人（未具名）*");
  CHECK(doc.prompt.find("[0:16] >> GREAT TO BE HERE") != std::string::npos);
}

TEST_CASE("a name the model makes up for a speaker is shown as a neutral label, and the footer says so") {
  const auto doc = translated(test::real_caption("scribesalad-8newsnow-travel-manual-en-2022.vtt"), {}, true);
  CHECK(labelled(doc) == std::vector<std::string>{"0:16 嘉宾 1", "0:24 主持人"});
  CHECK(doc.markdown.find("Maria Lopez") == std::string::npos);
  CHECK(line_starting(doc, "*说话人") == "*说话人：嘉宾 1（未具名）、主持人（未具名）*");
  CHECK(line_starting(doc, "*清理") ==
        "*清理：无据的说话人名字 1 个（字幕、标题、简介和主持人名单中都没有，改用中性标签）*");
}

TEST_CASE("a channel's hosts name the host of a news segment's turns, the other is not named") {
  const auto doc =
      translated(test::real_caption("scribesalad-8newsnow-creditunion-manual-en-2022.vtt"), {"Sue Manning"}, false);
  CHECK(doc.prompt.find("the description, the channel's hosts (Sue Manning); spell the name") != std::string::npos);
  // Ten turns (">>" ten times, repeated by none of its roll-up cues), the stand-in's host first.
  CHECK(labelled(doc) == std::vector<std::string>{"0:00 Sue Manning", "0:06 嘉宾 1", "0:42 Sue Manning", "1:03 嘉宾 1",
                                                  "1:07 Sue Manning", "1:34 嘉宾 1", "1:39 Sue Manning", "2:28 嘉宾 1",
                                                  "2:48 Sue Manning", "3:17 嘉宾 1"});
  CHECK(line_starting(doc, "*说话人") == "*说话人：Sue Manning（本频道主持人）、嘉宾 1（未具名）*");
  CHECK(line_starting(doc, "*清理").empty());
}

TEST_CASE("a 2026 automatic track's >> turns, repeated by its roll-up cues, are asked for once each") {
  const auto doc = translated(test::real_caption("narrate-argentina-cbi-auto-en-2026.vtt"), {}, true);
  const auto from = doc.prompt.find("[6:09]");
  REQUIRE(from != std::string::npos);
  CHECK(doc.prompt.substr(from, doc.prompt.find("[6:34]") - from) ==
        "[6:09] >> You can apply for citizenship and the process takes around 6 months to one year to get the "
        "passport. But you need to\n"
        "[6:17] >> Wow. So that's that's how fast it is. 6 months to 12 months.\n"
        "[6:21] >> Yes. But\n"
        "[6:21] >> there's extreme buzz. And the buzz is about now being able to qualify using job salary, active "
        "salary. And you mentioned 1,200 USD is sort of the threshold that people should show.\n");
  // The two turns said within one second share a paragraph (no two paragraphs share a moment's link),
  // under the first one's label; the name made up for the guest is not shown.
  CHECK(labelled(doc) == std::vector<std::string>{"6:09 主持人", "6:17 嘉宾 1", "6:21 主持人"});
  CHECK(doc.markdown.find("Maria Lopez") == std::string::npos);
  CHECK(line_starting(doc, "*说话人") == "*说话人：主持人（未具名）、嘉宾 1（未具名）*");
  CHECK(line_starting(doc, "*清理") ==
        "*清理：同一时间的段落 1 个（已合并）；无据的说话人名字 1 个（字幕、标题、简介和主持人名单中都没有，改用中性标签）*");
}

// No creator track with "NAME:" labels is among the real-world captions (PROVENANCE.md): this one is
// written here, as creator tracks of interviews label their speakers.
TEST_CASE("a creator track's NAME: labels are kept as the speakers, whatever the model makes up") {
  test::TempDir dir;
  dir.write("podcast.en.vtt",
            "WEBVTT\nKind: captions\nLanguage: en\n\n"
            "00:00:01.000 --> 00:00:05.000\nSARAH: Welcome back to the show.\n\n"
            "00:00:05.000 --> 00:00:09.000\nToday we are joined by Alex Chen.\n\n"
            "00:00:09.000 --> 00:00:13.000\nALEX: Thanks for having me, Sarah.\n\n"
            "00:00:13.000 --> 00:00:18.000\nNote: the robots we build learn from video.\n\n"
            "00:00:18.000 --> 00:00:22.000\nSARAH: What changed this year?\n\n"
            "00:00:22.000 --> 00:00:27.000\nALEX: The models got cheaper and the data got better.\n");
  const auto doc = translated(dir / "podcast.en.vtt", {"Sarah Guo", "Elad Gil"}, true);
  // "Note:" opens one line only: said, not a speaker.
  CHECK(doc.prompt.find("<transcript>\n"
                        "[0:01] SARAH: Welcome back to the show. Today we are joined by Alex Chen.\n"
                        "[0:09] ALEX: Thanks for having me, Sarah. Note: the robots we build learn from video.\n"
                        "[0:18] SARAH: What changed this year?\n"
                        "[0:22] ALEX: The models got cheaper and the data got better.\n"
                        "</transcript>") != std::string::npos);
  CHECK(labelled(doc) == std::vector<std::string>{"0:01 SARAH", "0:09 ALEX", "0:18 SARAH", "0:22 ALEX"});
  CHECK(line_starting(doc, "[0:18]") ==
        "[0:18](https://www.youtube.com/watch?v=speakers001&t=18s) **SARAH**：〔zh-CN〕 What changed this year? "
        "（什么书鸟这个年份）");
  CHECK(line_starting(doc, "*说话人") == "*说话人：SARAH（字幕标注）、ALEX（字幕标注）*");
}

TEST_CASE("speaker labels stay CommonMark: a reader sees the name in bold before the paragraph") {
  const auto doc = translated(test::real_caption("scribesalad-8newsnow-travel-manual-en-2022.vtt"), {}, false);
  test::TempDir dir;
  dir.write("doc.md", doc.markdown);
  const auto html = test::run({"cmark-gfm", "--extension", "table", (dir / "doc.md").string()});
  REQUIRE(html.exit_code == 0);
  CHECK(html.out.find("<p><a href=\"https://www.youtube.com/watch?v=speakers001&amp;t=16s\">0:16</a> "
                      "<strong>Janine Turner</strong>：〔zh-CN〕 GREAT TO BE HERE") != std::string::npos);
  CHECK(html.out.find("<p><a href=\"https://www.youtube.com/watch?v=speakers001&amp;t=24s\">0:24</a> "
                      "<strong>主持人</strong>：〔zh-CN〕 YEAH, I H,THINK") != std::string::npos);
  CHECK(html.out.find("<p><em>说话人：Janine Turner（字幕中提到）、主持人（未具名）</em></p>") != std::string::npos);
}
