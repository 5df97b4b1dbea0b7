// Digests: the day or ISO week a time falls in, and a digest written from a real store, listed in
// index.md and feed.xml and put in the outbox, once.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "render/digest.hpp"
#include "render/fixtures.hpp"
#include "render/render_store.hpp"
#include "render/render_video.hpp"
#include "support/run.hpp"

using namespace ytm;
using config::Digest;

namespace {

UnixTime at(const char* iso) { return *parse_iso8601(iso); }

}  // namespace

TEST_CASE("a digest covers a UTC day, or an ISO week from Monday, named as ISO 8601 does", "[digest]") {
  auto day = render::digest_period(Digest::daily, at("2026-01-08T14:00:00Z"));
  CHECK(day.name == "2026-01-08");
  CHECK(day.from == at("2026-01-08T00:00:00Z"));
  CHECK(day.to == at("2026-01-09T00:00:00Z"));
  CHECK(day.path() == "digests/2026-01-08.md");
  auto week = render::digest_period(Digest::weekly, at("2026-01-08T14:00:00Z"));  // a Thursday
  CHECK(week.name == "2026-W02");
  CHECK(week.from == at("2026-01-05T00:00:00Z"));
  CHECK(week.to == at("2026-01-12T00:00:00Z"));
  CHECK(render::digest_period(Digest::weekly, at("2027-01-01T10:00:00Z")).name == "2026-W53");
  CHECK(render::digest_period(Digest::weekly, at("2024-12-30T00:00:00Z")).name == "2025-W01");
  CHECK(render::digest_period(Digest::weekly, at("2026-01-04T23:59:59Z")).name == "2026-W01");
}

TEST_CASE("a digest lists each new document by channel with its summary and link, once", "[digest]") {
  test::TempDir tmp;
  store::Store store(tmp / "state" / "ytmonitor.db");
  auto config = test::render_config(tmp / "out");
  auto zh = test::load_result("zh.json");
  auto other = test::load_result("en.json");
  other.video.id = "otherVideo1";
  other.video.channel_id = "UCother";
  other.video.channel = "Another Channel";
  other.video.title = "Another talk";
  test::store_result(store, zh);
  test::store_result(store, other);
  REQUIRE(render::render_video(store, config, zh.video.id).ok());
  REQUIRE(render::render_video(store, config, other.video.id).ok());

  auto period = render::digest_period(Digest::daily, now_unix());
  store::Notification announce;
  announce.subject = "digest:" + period.name;
  announce.target = "apprise";
  announce.target_hash = "h";
  announce.label = "apprise json://…";
  announce.title = "digest";
  auto written = render::write_digest(store, config, period, {announce});
  REQUIRE(written.ok());
  REQUIRE(written->has_value());
  CHECK((*written)->documents == 2);
  CHECK((*written)->channels == 2);
  auto text = test::read_file(tmp / "out" / period.path());
  INFO(text);
  CHECK(text.rfind("# 📰 每日摘要 " + period.name + "\n\n2 个频道的 2 篇新文档。", 0) == 0);
  auto another = text.find("## Another Channel");
  auto no_priors = text.find("## No Priors: AI, Machine Learning, Tech, & Startups");
  REQUIRE(another != std::string::npos);
  REQUIRE(no_priors != std::string::npos);
  CHECK(text.find("### [Another talk](../Another%20Channel/") > another);
  CHECK(text.find(zh.summary.tldr) > no_priors);
  CHECK(text.find("https://www.youtube.com/watch?v=otherVideo1") != std::string::npos);

  auto index = test::read_file(tmp / "out" / "index.md");
  CHECK(index.find("## 📰 摘要\n\n- [" + period.name + "](digests/" + period.name + ".md)") != std::string::npos);
  auto feed = test::run({"/usr/bin/python3", YTM_TESTS_DIR "/render/check_atom.py", (tmp / "out/feed.xml").string()});
  auto parsed = nlohmann::json::parse(feed.out);
  CHECK_FALSE(parsed["bozo"].get<bool>());
  CHECK(parsed["rfc4287"].empty());
  CHECK(parsed["entries"][0]["title"] == "📰 每日摘要 " + period.name);
  auto due = store.due_notifications(now_unix(), 10);
  REQUIRE(due.size() == 1);
  CHECK(due[0].path == period.path());

  // Written once: a later check, or a re-render of its documents, changes nothing.
  REQUIRE(render::render_video(store, config, zh.video.id).ok());
  auto again = render::write_digest(store, config, period, {announce});
  REQUIRE(again.ok());
  CHECK_FALSE(again->has_value());
  CHECK(store.due_notifications(now_unix(), 10).size() == 1);
}

TEST_CASE("a re-render keeps a document in the digest of the day it first appeared", "[digest]") {
  test::TempDir tmp;
  store::Store store(tmp / "ytmonitor.db");
  test::store_result(store, test::load_result("zh.json"));
  store.save_document({"k-xtmISBCNE", "a.md", "h1", at("2026-01-08T10:00:00Z"), ""});
  store.save_document({"k-xtmISBCNE", "a.md", "h2", at("2026-02-01T10:00:00Z"), ""});  // render --all later
  CHECK(store.documents_first_written(at("2026-01-08T00:00:00Z"), at("2026-01-09T00:00:00Z")).size() == 1);
  CHECK(store.documents_first_written(at("2026-02-01T00:00:00Z"), at("2026-02-02T00:00:00Z")).empty());
  auto period = render::digest_period(Digest::daily, at("2026-03-01T00:00:00Z"));
  auto none = render::write_digest(store, test::render_config(tmp / "out"), period, {});
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());  // a day without new documents has no digest
  CHECK_FALSE(std::filesystem::exists(tmp / "out" / period.path()));
}
