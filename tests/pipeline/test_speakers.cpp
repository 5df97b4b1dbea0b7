// The check of the speakers a translation names: what our code keeps of the model's labels.
#include <catch2/catch.hpp>

#include "pipeline/speakers.hpp"

using namespace ytm::pipeline;

namespace {

std::vector<Paragraph> labelled(std::vector<std::string> speakers) {
  std::vector<Paragraph> out;
  int t = 0;
  for (auto& s : speakers) out.push_back(Paragraph{t += 10, 0, std::move(s), "text"});
  return out;
}

std::vector<std::string> speakers_of(const std::vector<Paragraph>& paragraphs) {
  std::vector<std::string> out;
  for (const auto& p : paragraphs) out.push_back(p.speaker);
  return out;
}

}  // namespace

TEST_CASE("a speaker's name is kept where the material shows it, and says where, and made-up names become guests") {
  const std::vector<Line> lines = {
      {0, 10, "", "WELCOME BACK. CRAIG, GOOD TO SEE YOU. WE ASKED CRAIGSLIST SELLERS TOO.", -1, false},
      {10, 20, "ANN", "Thanks.", -1, true}};
  auto paragraphs = labelled({"Craig", "Ann", "Host", "主持人", "Guest", "嘉宾 2", "Sue Manning", "Acme Weekly",
                              "Lee", "Dr. Maria Lopez", "Maria Lopez", "Dr. Maria Lopez", "Sue", ""});
  const auto check = check_speakers(paragraphs, SpeakerMaterial{lines, "Acme Weekly #12", "With Lee Chen.",
                                                                {"Sue Manning"}});
  CHECK(speakers_of(paragraphs) ==
        std::vector<std::string>{"Craig", "Ann", "Host", "Host", "Guest 1", "Guest 2", "Sue Manning", "Acme Weekly",
                                 "Lee", "Guest 3", "Guest 4", "Guest 3", "Sue", ""});
  CHECK(check.invented == 2);
  CHECK(check.speakers == std::vector<SpeakerNote>{{"Craig", "transcript"},    {"Ann", "captions"},
                                                   {"Host", "unnamed"},        {"Guest 1", "unnamed"},
                                                   {"Guest 2", "unnamed"},     {"Sue Manning", "host"},
                                                   {"Acme Weekly", "title"},   {"Lee", "description"},
                                                   {"Guest 3", "unnamed"},     {"Guest 4", "unnamed"},
                                                   {"Sue", "host"}});
}

TEST_CASE("a name found only inside a longer word is no evidence") {
  const std::vector<Line> lines = {{0, 10, "", "We asked Craigslist sellers.", -1, false}};
  auto paragraphs = labelled({"Craig"});
  CHECK(check_speakers(paragraphs, SpeakerMaterial{lines, "", "", {}}).invented == 1);
  CHECK(paragraphs[0].speaker == "Guest 1");
}

TEST_CASE("a name written as the glossary or the model's notes render it is that name, translated") {
  const std::vector<Line> lines = {{0, 10, "", "Welcome back. With me today is Elad Gil.", -1, false}};
  auto paragraphs = labelled({"莎拉·郭", "埃拉德·吉尔", "约翰·史密斯", "约翰·史密斯"});
  const SpeakerMaterial material{lines, "", "", {"Sarah Guo"},
                                 {{"Sarah Guo", "莎拉·郭"}, {"Elad Gil", "埃拉德·吉尔"}, {"John Smith", "约翰·史密斯"}}};
  const auto check = check_speakers(paragraphs, material);
  // John Smith is rendered in the notes, but no material names him: still made up.
  CHECK(speakers_of(paragraphs) == std::vector<std::string>{"莎拉·郭", "埃拉德·吉尔", "Guest 1", "Guest 1"});
  CHECK(check.invented == 1);
  CHECK(check.speakers == std::vector<SpeakerNote>{{"莎拉·郭", "host"}, {"埃拉德·吉尔", "transcript"},
                                                   {"Guest 1", "unnamed"}});
  // Without the renderings the translated names are made up as before.
  auto bare = labelled({"莎拉·郭"});
  CHECK(check_speakers(bare, SpeakerMaterial{lines, "", "", {"Sarah Guo"}}).invented == 1);
}
