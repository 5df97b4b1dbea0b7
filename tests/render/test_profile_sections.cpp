// What a channel's profile changes in its documents: the sections written, and SponsorBlock's
// notes in the translation, footer line and credit.
#include <catch2/catch.hpp>

#include "render/fixtures.hpp"
#include "render/markdown.hpp"

using namespace ytm;
using namespace ytm::render;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a profile's sections: only those are written, in the document's order", "[render]") {
  auto result = test::load_result("en.json");
  const auto whole = render_markdown(result, RenderOptions{});
  REQUIRE(has(whole, "## 💬 Quotes"));
  REQUIRE(has(whole, "## 📊 Key arguments"));
  result.sections = {"translation", "tldr"};
  const auto chosen = render_markdown(result, RenderOptions{});
  CHECK(has(chosen, "## 📹 Video info"));  // always: what the document is about
  CHECK(has(chosen, "## TL;DR"));
  CHECK(has(chosen, "## 📝 Full translation"));
  CHECK(chosen.find("## TL;DR") < chosen.find("## 📝 Full translation"));
  for (const char* left_out : {"## 📑 Chapters", "## 📊 Key arguments", "## 🏢 Companies and products", "## 💬 Quotes",
                               "## 👤 People", "## 📺 Video type"}) {
    CHECK_FALSE(has(chosen, left_out));
  }
  result.sections = {"tldr", "people"};
  CHECK_FALSE(has(render_markdown(result, RenderOptions{}), "## 📝 Full translation"));
}

TEST_CASE("SponsorBlock in the document: a note where each segment starts, the footer line and the credit",
          "[render]") {
  auto result = test::load_result("en.json");
  REQUIRE(result.translation.size() > 2);
  const int at = result.translation[1].start;
  result.sponsorblock = {ytm::pipeline::SponsorState::used, ytm::config::SponsorAction::skip, "", {{static_cast<double>(at), at + 90.0, "sponsor"}}, 357};
  const auto skipped = render_markdown(result, RenderOptions{});
  const std::string note = "> ⏭️ " + moment_link(result.video.id, at) + "–" + moment_link(result.video.id, at + 90) +
                           " is a sponsor segment (sponsor): left out of the translation and the summary (SponsorBlock)";
  REQUIRE(has(skipped, note));
  // Right before the paragraph that starts where the segment does.
  const auto second = skipped.find(result.translation[1].text.substr(0, 20));
  CHECK(skipped.find(note) < second);
  CHECK(skipped.find(note) > skipped.find(result.translation[0].text.substr(0, 20)));
  CHECK(has(skipped, "*SponsorBlock: segments skipped: 1, about 357 transcript tokens not sent*"));
  CHECK(has(skipped, "*Segment data from [SponsorBlock](https://sponsor.ajay.app), CC BY-NC-SA 4.0*"));

  result.sponsorblock = {ytm::pipeline::SponsorState::used, ytm::config::SponsorAction::skip, "", {}, 0};
  const auto none = render_markdown(result, RenderOptions{});
  CHECK(has(none, "*SponsorBlock: no segments submitted*"));
  CHECK_FALSE(has(none, "CC BY-NC-SA"));

  result.sponsorblock = {ytm::pipeline::SponsorState::unavailable, ytm::config::SponsorAction::skip, "HTTP 503", {}, 0};
  CHECK(has(render_markdown(result, RenderOptions{}),
            "*SponsorBlock: unavailable (HTTP 503); sponsor reads, if any, were translated like the rest*"));

  result.sponsorblock = {};  // not asked (no categories): nothing said
  CHECK_FALSE(has(render_markdown(result, RenderOptions{}), "SponsorBlock"));
}
