#include <catch2/catch.hpp>

#include "store/store.hpp"
#include "support/temp_dir.hpp"

using namespace ytm::store;
using ytm::test::TempDir;

TEST_CASE("channel polls keep validators, count failures and remember when 404s began") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  const std::string id = "UCbfYPyITQ-7l4upoX8nvctg";
  store.ensure_channel(id, "", "@TwoMinutePapers", 10);
  store.record_poll(id, PollOutcome{100, "ok", "", 1000, "\"etag-1\"", "", "hash"});
  store.record_poll(id, PollOutcome{200, "http_404", "feed not found", 1100, "", "", "", true});
  store.record_poll(id, PollOutcome{300, "http_404", "feed not found", 1200, "", "", "", true});
  auto c = store.channel(id);
  REQUIRE(c);
  CHECK(c->etag == "\"etag-1\"");
  CHECK(c->consecutive_failures == 2);
  CHECK(c->not_found_since == 200);
  CHECK(c->last_result == "http_404");
  PollOutcome ok;
  ok.at = 400;
  ok.result = "ok";
  store.record_poll(id, ok);
  c = store.channel(id);
  CHECK(c->consecutive_failures == 0);
  CHECK_FALSE(c->not_found_since);
  CHECK(c->body_hash == "hash");
}

TEST_CASE("steps are checkpoints that survive reopening the database") {
  TempDir dir;
  {
    Store store(dir / "ytmonitor.db");
    store.ensure_channel("UCbfYPyITQ-7l4upoX8nvctg", "", "", 1);
    NewVideo v;
    v.id = "v1";
    v.channel_id = "UCbfYPyITQ-7l4upoX8nvctg";
    store.insert_video(v, 1);
    store.save_step(Step{"v1", "translate/0", "hash-a", "prompt-1", "m", "译文", 100, 50, 0.01, 5});
  }
  Store store(dir / "ytmonitor.db");
  auto step = store.step("v1", "translate/0");
  REQUIRE(step);
  CHECK(step->input_hash == "hash-a");
  CHECK(step->output == "译文");
  CHECK(step->output_tokens == 50);
  CHECK_FALSE(store.step("v1", "translate/1"));
}

TEST_CASE("model spend is summed per period, failed calls included") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  store.record_model_call(ModelCall{"v1", "summary", "m", true, "", 1000, 200, 0.5, 900, 100});
  store.record_model_call(ModelCall{"v1", "summary", "m", false, "rate_limited", 0, 0, 0.0, 10, 200});
  store.record_model_call(ModelCall{"v2", "summary", "m", true, "", 10, 20, 0.25, 900, 300});
  auto all = store.spend_since(0);
  CHECK(all.calls == 3);
  CHECK(all.failed_calls == 1);
  CHECK(all.input_tokens == 1010);
  CHECK(all.cost_usd == Approx(0.75));
  CHECK(store.spend_since(250).cost_usd == Approx(0.25));
}

TEST_CASE("a step's output per input token is read from its last answered calls, repairs and parts included") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  CHECK_FALSE(store.output_ratio("translate"));
  store.record_model_call(ModelCall{"v1", "translate/0", "m", true, "", 1000, 1200, 0.1, 900, 100});
  store.record_model_call(ModelCall{"v1", "translate/1.1", "m", true, "", 1000, 800, 0.1, 900, 100});
  store.record_model_call(ModelCall{"v1", "translate/2", "m", false, "overloaded", 1000, 0, 0, 10, 100});
  store.record_model_call(ModelCall{"v1", "translated", "m", true, "", 1000, 9000, 0.1, 900, 100});
  store.record_model_call(ModelCall{"v1", "summary", "m", true, "", 4000, 400, 0.1, 900, 100});
  store.record_model_call(ModelCall{"v1", "summary/repair", "m", true, "", 1000, 500, 0.1, 900, 100});
  CHECK(*store.output_ratio("translate") == Approx(1.0));  // failed calls and other names left out
  CHECK(*store.output_ratio("summary") == Approx((0.1 + 0.5) / 2));
  // A pending call has no answer yet: it says nothing about the length of one.
  store.begin_model_call(ModelCall{"v2", "notes/0", "m", false, "", 1000, 1000, 0.1, 0, 100}, "host:1:1");
  CHECK_FALSE(store.output_ratio("notes"));
}

TEST_CASE("documents remember their path and the hash of what was written") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  store.ensure_channel("UCbfYPyITQ-7l4upoX8nvctg", "", "", 1);
  NewVideo v;
  v.id = "v1";
  v.channel_id = "UCbfYPyITQ-7l4upoX8nvctg";
  store.insert_video(v, 1);
  store.save_document(DocumentRecord{"v1", "Chan/2026-01-08 Title.md", "abc", 10, ""});
  store.save_document(DocumentRecord{"v1", "Chan/2026-01-08 Title.md", "def", 20, "edited"});
  auto d = store.document("v1");
  REQUIRE(d);
  CHECK(d->content_hash == "def");
  CHECK(d->note == "edited");
  CHECK(store.documents().size() == 1);
}

TEST_CASE("status counts the documents whose stored result keeps passages untranslated") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  store.ensure_channel("UCbfYPyITQ-7l4upoX8nvctg", "", "", 1);
  for (const char* id : {"whole", "partial", "nodoc"}) {
    NewVideo v;
    v.id = id;
    v.channel_id = "UCbfYPyITQ-7l4upoX8nvctg";
    store.insert_video(v, 1);
  }
  const auto result = [](int untranslated) {
    return R"({"coverage":{"untranslated_passages":)" + std::to_string(untranslated) + "}}";
  };
  store.save_step(Step{"whole", "result", "h", "", "m", result(0), 0, 0, 0, 5});
  store.save_step(Step{"partial", "result", "h", "", "m", result(2), 0, 0, 0, 5});
  store.save_step(Step{"nodoc", "result", "h", "", "m", result(3), 0, 0, 0, 5});  // not rendered yet
  store.save_document(DocumentRecord{"whole", "Chan/whole.md", "a", 10, ""});
  store.save_document(DocumentRecord{"partial", "Chan/partial.md", "b", 10, "edited since ytmonitor wrote it"});
  CHECK(store.documents_with_untranslated_passages() == 1);
}

TEST_CASE("resolved handles are cached") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  CHECK_FALSE(store.alias("@NoPriorsPodcast"));
  store.save_alias("@NoPriorsPodcast", Alias{"UCSI7h9hydQ40K5MJHnCrQvw", "No Priors", 5});
  auto a = store.alias("@NoPriorsPodcast");
  REQUIRE(a);
  CHECK(a->channel_id == "UCSI7h9hydQ40K5MJHnCrQvw");
}
