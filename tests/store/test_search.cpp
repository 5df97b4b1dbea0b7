// Full-text search over what the store holds: the indexes follow every saved result in the same
// transaction and were filled by their migrations for results stored before them; words are
// looked up as whole words (unicode61), Chinese and Japanese as substrings (trigram).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/embedded.hpp"
#include "store/migrate.hpp"
#include "store/store.hpp"
#include "support/migrations.hpp"
#include "support/temp_dir.hpp"

using namespace ytm::store;
using ytm::test::TempDir;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(YTM_TESTS_DIR) + "/fixtures/render/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A transcript step as the job stores it: one line every 4 seconds.
std::string transcript_json(const std::vector<std::string>& lines) {
  std::string segments;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    segments += (i ? "," : "") + std::string("{\"start\":") + std::to_string(i * 4) +
                ",\"end\":" + std::to_string(i * 4 + 4) + ",\"text\":\"" + lines[i] + "\"}";
  }
  return "{\"metadata\":{},\"transcript\":{\"segments\":[" + segments + "]}}";
}

void add_video(Store& store, const std::string& id, const std::string& channel, const std::string& channel_title,
               ytm::UnixTime published) {
  store.ensure_channel(channel, channel_title, channel, 1);
  NewVideo v;
  v.id = id;
  v.channel_id = channel;
  v.title = "Video " + id;
  v.published_at = published;
  v.state = VideoState::done;
  store.insert_video(v, 1);
}

void save(Store& store, const std::string& id, const std::string& name, const std::string& output) {
  store.save_step({id, name, "h", "", "", output, 0, 0, 0, 1});
}

// A result whose translation is these paragraphs, the first at 1 s, the next at 2 s, …
void save_translation(Store& store, const std::string& id, const std::vector<std::string>& paragraphs) {
  std::string json;
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    json +=
        (i ? "," : "") + std::string("{\"start\":") + std::to_string(i + 1) + ",\"text\":\"" + paragraphs[i] + "\"}";
  }
  save(store, id, "result", "{\"translation\":[" + json + "]}");
}

std::vector<std::string> found(const Store& store, const SearchQuery& q) {
  std::vector<std::string> out;
  for (const auto& h : store.search(q)) out.push_back(h.video_id + " " + h.kind + " " + std::to_string(h.start));
  return out;
}

SearchQuery q(std::string text, std::string channel = "", std::optional<ytm::UnixTime> since = std::nullopt) {
  return SearchQuery{std::move(text), std::move(channel), since, 20};
}

std::vector<std::string> lines_with(int at, const std::string& line) {
  std::vector<std::string> lines(40, "nothing to see here");
  lines[static_cast<std::size_t>(at)] = line;
  return lines;
}

}  // namespace

TEST_CASE("a saved result makes its transcript, translation and summary searchable, with the moment") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  add_video(store, "k-xtmISBCNE", "UCnopriors", "No Priors", 1767880800);
  save(store, "k-xtmISBCNE", "transcript", transcript_json(lines_with(20, "the hallucination problem is solved")));
  CHECK(store.search(q("hallucination")).empty());  // only a finished result is indexed
  save(store, "k-xtmISBCNE", "result", fixture("zh.json"));

  auto hits = store.search(q("hallucination problem"));
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].kind == "transcript");
  CHECK(hits[0].start == 60);  // line 20 at 80 s lies in the passage from 60 s
  CHECK(hits[0].title == "Video k-xtmISBCNE");
  CHECK(hits[0].channel == "No Priors");
  CHECK(hits[0].published_at == 1767880800);
  CHECK(hits[0].text.find("the hallucination problem is solved") != std::string::npos);

  // Chinese substrings in the middle of words, from the translation and from the summary.
  CHECK(found(store, q("泡沫中")) == std::vector<std::string>{"k-xtmISBCNE translation 930"});
  CHECK(found(store, q("推理模型")) == std::vector<std::string>{"k-xtmISBCNE summary 0", "k-xtmISBCNE summary 0"});
  CHECK(found(store, q("就业影响")) == std::vector<std::string>{"k-xtmISBCNE summary 498"});
}

TEST_CASE("Japanese substrings match, and words shorter than three characters still find their passage") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  add_video(store, "jp000000001", "UCjp", "日本のチャンネル", 100);
  save(store, "jp000000001", "transcript", transcript_json(lines_with(3, "機械学習の研究者たちが集まりました")));
  save(store, "jp000000001", "result", R"({"translation":[{"start":0,"text":"AI 研究者的聚会"}]})");
  CHECK(found(store, q("学習の研究")) == std::vector<std::string>{"jp000000001 transcript 0"});
  CHECK(found(store, q("研究")).size() == 2);     // two characters: a scan, both passages
  CHECK(found(store, q("AI 聚会")).size() == 1);  // short words combine with the rest
  CHECK(store.search(q("集まらない")).empty());
}

TEST_CASE("a result saved again replaces what its video had in the index, and a rolled-back save changes nothing") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  add_video(store, "v1", "UCa", "A", 100);
  save(store, "v1", "result", R"({"translation":[{"start":5,"text":"the first wording"}]})");
  save(store, "v1", "result", R"({"translation":[{"start":7,"text":"the second wording"}]})");
  CHECK(store.search(q("first wording")).empty());
  CHECK(found(store, q("second wording")) == std::vector<std::string>{"v1 translation 7"});
  {
    auto batch = store.batch();
    save(store, "v1", "result", R"({"translation":[{"start":9,"text":"a third wording"}]})");
  }  // not committed
  CHECK(store.search(q("third wording")).empty());
  CHECK(found(store, q("second wording")).size() == 1);
  CHECK(store.search_index_size().passages == 1);
}

TEST_CASE("search narrows by channel and date, ranks the closer match first, and reads query syntax literally") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  add_video(store, "old", "UCa", "Alpha Talks", 1000);
  add_video(store, "new", "UCb", "Beta Talks", 2000);
  save(store, "old", "result", R"({"translation":[{"start":1,"text":"robots robots robots everywhere"}]})");
  save(
      store, "new", "result",
      R"({"translation":[{"start":2,"text":"a long passage that mentions robots once among many other words here"}]})");
  CHECK(found(store, q("robots")) == std::vector<std::string>{"old translation 1", "new translation 2"});
  CHECK(found(store, q("robots", "beta")) == std::vector<std::string>{"new translation 2"});
  CHECK(found(store, q("robots", "UCa")) == std::vector<std::string>{"old translation 1"});
  CHECK(found(store, q("robots", "", 1500)) == std::vector<std::string>{"new translation 2"});
  for (const char* syntax : {"robots\" OR \"x", "NEAR(robots", "robots*", "AND", "\"", "50%_"}) {
    CHECK_NOTHROW(store.search(q(syntax)));
  }
  CHECK(store.search(q("robots OR nothing")).empty());  // OR is a word, not an operator
}

TEST_CASE("words match whole, whatever their case and accents, a word* by its start, and a piece of a word still") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  add_video(store, "w1", "UCa", "A", 100);
  save_translation(
      store, "w1",
      {"Large Language Models hallucinate less", "ein Café in Zürich", "AI at the edge", "she said the chair was old"});
  CHECK(found(store, q("language models")) == std::vector<std::string>{"w1 translation 1"});
  CHECK(found(store, q("LANGUAGE")) == std::vector<std::string>{"w1 translation 1"});
  CHECK(found(store, q("cafe zurich")) == std::vector<std::string>{"w1 translation 2"});
  CHECK(found(store, q("AI")) == std::vector<std::string>{"w1 translation 3"});  // not "said", not "chair"
  CHECK(found(store, q("hallucin*")) == std::vector<std::string>{"w1 translation 1"});
  CHECK(found(store, q("allucinat")) == std::vector<std::string>{"w1 translation 1"});  // no such word: a substring
  CHECK(found(store, q("\"the chair\"")) == std::vector<std::string>{"w1 translation 4"});
  CHECK(store.search(q("the chair hallucinate")).empty());  // every word in one passage
}

TEST_CASE("Chinese words of two characters and more match inside sentences and next to Latin words") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  add_video(store, "z1", "UCz", "Z", 100);
  save_translation(store, "z1", {"GPT-4o模型很强，推理能力也不错。", "「大模型」的时代"});
  CHECK(found(store, q("模型")) == std::vector<std::string>{"z1 translation 2", "z1 translation 1"});  // shorter first
  CHECK(found(store, q("大模型")) == std::vector<std::string>{"z1 translation 2"});
  CHECK(found(store, q("gpt 4o")) == std::vector<std::string>{"z1 translation 1"});
  CHECK(found(store, q("推理能力")) == std::vector<std::string>{"z1 translation 1"});
  CHECK(found(store, q("时")) == std::vector<std::string>{"z1 translation 2"});  // one character: read
  CHECK(store.search(q("强推")).empty());  // the comma between them is not skipped
  CHECK(store.search(q("型的")).empty());
}

TEST_CASE("a word in thousands of passages still finds the few of one channel or date, and ranks the rest") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  add_video(store, "small", "UCsmall", "Small Talks", 1000);
  save(store, "small", "result", R"({"translation":[{"start":1,"text":"robots in the small channel"},
                                                    {"start":2,"text":"more robots here"}]})");
  std::string many = R"({"translation":[)";
  for (int i = 0; i < 20; ++i)
    many += (i ? "," : "") + std::string(R"({"start":)") + std::to_string(i) +
            R"(,"text":"robots and robots, paragraph )" + std::to_string(i) + "\"}";
  many += "]}";
  auto batch = store.batch();
  for (int v = 0; v < 70; ++v) {  // 1,400 passages with the word, in more videos than are narrowed to
    auto id = "big" + std::to_string(v);
    add_video(store, id, "UCbig", "Big Talks", 2000 + v);
    save(store, id, "result", many);
  }
  batch.commit();

  // The two passages of one video among 1,400 newer ones, the shorter ranked first.
  CHECK(found(store, q("robots", "small")) == std::vector<std::string>{"small translation 2", "small translation 1"});
  auto since = store.search(q("robots", "", 2069));
  REQUIRE(since.size() == 20);
  CHECK(std::all_of(since.begin(), since.end(), [](const SearchHit& h) { return h.video_id == "big69"; }));
  auto big = store.search(q("robots", "big"));
  REQUIRE(big.size() == 20);
  CHECK(std::all_of(big.begin(), big.end(), [](const SearchHit& h) { return h.channel == "Big Talks"; }));
  CHECK(big[0].score <= big[19].score);
  CHECK(store.search(q("robots", "nobody")).empty());
}

namespace {

// Passages in the word index holding that word, whether or not they are still stored.
long long indexed_with(const std::filesystem::path& database, const std::string& word) {
  Connection db(database);
  Statement st(db, "SELECT count(*) FROM search_words WHERE search_words MATCH ?1");
  st.bind(1, "text : " + word);
  st.step();
  return st.integer(0);
}

}  // namespace

TEST_CASE("a channel of many videos is found by the index, also for a video whose channel became known later") {
  TempDir dir;
  Store store(dir / "ytmonitor.db");
  auto batch = store.batch();
  for (int v = 0; v < 70; ++v) {  // more videos than are handed to the index one by one
    auto id = "many" + std::to_string(v);
    add_video(store, id, "UCmany", "Many Talks", 2000 + v);
    save_translation(store, id, {"robots everywhere"});
  }
  batch.commit();
  NewVideo late;  // added by its URL: the channel comes with its metadata
  late.id = "late";
  late.state = VideoState::done;
  late.published_at = 1000;
  store.insert_video(late, 1);
  save_translation(store, "late", {"the robots arrive late"});
  store.complete_video_details("late", "UCmany", "Late", 1000);

  CHECK(found(store, q("arrive", "Many Talks")) == std::vector<std::string>{"late translation 1"});
  CHECK(found(store, q("arrive", "UCmany")) == std::vector<std::string>{"late translation 1"});
  CHECK(store.search(q("robots", "UCmany")).size() == 20);
  CHECK(store.search(q("robots", "UCother")).empty());

  // Saved again, the video's old passages leave the index under the channel they were filed with.
  save_translation(store, "late", {"nothing else"});
  CHECK(store.search(q("arrive")).empty());
  CHECK(indexed_with(dir / "ytmonitor.db", "arrive") == 0);
  CHECK(found(store, q("else", "Many Talks")) == std::vector<std::string>{"late translation 1"});
}

namespace {

// A database migrated up to (not with) the migration whose name ends with suffix, holding one
// finished video v1 with this result.
std::filesystem::path stored_before(const TempDir& dir, std::string_view suffix, const std::string& result) {
  auto file = dir / "ytmonitor.db";
  Connection db(file);
  const auto before = ytm::test::migrations_before(suffix);
  REQUIRE(!before.empty());
  migrate(db, before);
  db.exec("INSERT INTO videos (id, channel_id, state, discovered_at, updated_at) VALUES ('v1', 'UCa', 'done', 1, 1)");
  Statement st(
      db, "INSERT INTO steps (video_id, name, input_hash, output, created_at) VALUES ('v1', 'result', 'h', ?1, 1)");
  st.bind(1, result);
  st.step();
  return file;
}

}  // namespace

TEST_CASE("the word index's migration indexes the passages stored before it") {
  TempDir dir;
  Store store(
      stored_before(dir, "_search_words.sql", R"({"translation":[{"start":8,"text":"indexé par trigrammes"}]})"));
  // Accents folded: only the word index does that (the trigram index would not match).
  CHECK(found(store, q("indexe")) == std::vector<std::string>{"v1 translation 8"});
}

TEST_CASE("the channel migration files what was indexed before it under its channel, and it leaves cleanly") {
  TempDir dir;
  const auto file =
      stored_before(dir, "_search_channels.sql", R"({"translation":[{"start":3,"text":"filed by video"}]})");
  Store store(file);
  CHECK(found(store, q("filed", "UCa")) == std::vector<std::string>{"v1 translation 3"});
  {
    Connection db(file);
    Statement st(db,
                 "SELECT count(*) FROM search_words WHERE search_words MATCH 'video_id : \"c' || hex('UCa') || '\"'");
    st.step();
    CHECK(st.integer(0) == 1);
  }
  save_translation(store, "v1", {"filed again"});
  CHECK(indexed_with(file, "video") == 0);
  CHECK(found(store, q("again", "UCa")) == std::vector<std::string>{"v1 translation 1"});
}

TEST_CASE("the search migration indexes the results stored before it") {
  TempDir dir;
  Store store(stored_before(dir, "_search.sql", R"({"summary":{"tldr":"stored before the index existed"}})"));
  CHECK(found(store, q("before the index")) == std::vector<std::string>{"v1 summary 0"});
}
