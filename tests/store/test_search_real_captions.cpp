// Search over real caption tracks (../shared/real-world/captions), stored as the job stores them:
// whatever a user types that occurs in a transcript must find exactly the passages a plain reading
// of them finds. The oracle here reads the stored passages with rules of its own (letters of
// Chinese and Japanese as substrings, other words whole and case folded), not with the tokenizer.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/utf8.hpp"
#include "store/sqlite.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"
#include "transcript/fetched_json.hpp"
#include "transcript/parse.hpp"

namespace fs = std::filesystem;
using namespace ytm::store;

namespace {

const fs::path real_captions = fs::path(YTM_SOURCE_DIR) / ".." / "shared" / "real-world" / "captions";

struct Track {
  const char* file;
  const char* video_id;
  const char* language;
};

const Track tracks[] = {
    {"1c7-crashcourse-ling4-auto-en-2020.json3", "ling4enAUTO", "en"},
    {"1c7-crashcourse-ling4-auto-tlang-zh-Hans-2020.json3", "ling4zhHANS", "zh-Hans"},
    {"melodic-proxy-betelgeuse-manual-ja-2026.vtt", "betelgeuseJ", "ja"},
};

// The track stored as a finished video: its transcript step, then its result (which indexes it).
void store_track(Store& store, const Track& track) {
  auto segments = ytm::transcript::parse_caption_file(real_captions / track.file);
  REQUIRE(segments);
  REQUIRE(!segments->empty());
  store.ensure_channel("UCrealcaptions", "Real captions", "UCrealcaptions", 1);
  NewVideo v;
  v.id = track.video_id;
  v.channel_id = "UCrealcaptions";
  v.title = track.file;
  v.published_at = 1'600'000'000;
  v.state = VideoState::done;
  store.insert_video(v, 1);
  ytm::transcript::FetchedVideo fetched;
  fetched.metadata.id = track.video_id;
  fetched.transcript.segments = std::move(*segments);
  fetched.transcript.language = track.language;
  store.save_step(
      {track.video_id, "transcript", "h", "", "", ytm::transcript::fetched_to_json(fetched).dump(), 0, 0, 0, 1});
  store.save_step({track.video_id, "result", "h", "", "", "{}", 0, 0, 0, 1});
}

struct Passage {
  std::string video_id;
  int start = 0;
  std::string text;
  auto operator<=>(const Passage&) const = default;
};

std::vector<Passage> stored_passages(const fs::path& database) {
  Connection db(database);
  Statement st(db, "SELECT video_id, start, text FROM search_passages WHERE kind = 'transcript'");
  std::vector<Passage> out;
  while (st.step()) out.push_back({st.text(0), static_cast<int>(st.integer(1)), st.text(2)});
  return out;
}

bool cjk_letter(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3041 && c <= 0x309F) || (c >= 0x30A0 && c <= 0x30FF && c != 0x30FB) ||
         (c >= 0xAC00 && c <= 0xD7AF);
}

// Letters and digits of the scripts written with spaces: ASCII, and Latin, Greek and Cyrillic.
bool word_letter(char32_t c) {
  if (c < 0x80) return std::isalnum(static_cast<int>(c)) != 0;
  return c >= 0xC0 && c < 0x2000 && c != 0xD7 && c != 0xF7;
}

std::vector<std::u32string> runs(const std::string& text, bool (*letter)(char32_t)) {
  std::vector<std::u32string> out(1);
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = ytm::next_codepoint(text, i);
    if (letter(c)) {
      out.back() += c < 0x80 ? static_cast<char32_t>(std::tolower(static_cast<int>(c))) : c;
    } else if (!out.back().empty()) {
      out.emplace_back();
    }
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

std::string utf8(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) ytm::append_utf8(out, c);
  return out;
}

std::set<Passage> read_for_cjk(const std::vector<Passage>& passages, const std::u32string& stretch) {
  std::set<Passage> found;
  for (const auto& p : passages) {
    for (const auto& run : runs(p.text, cjk_letter)) {
      if (run.find(stretch) != std::u32string::npos) found.insert(p);
    }
  }
  return found;
}

std::set<Passage> read_for_word(const std::vector<Passage>& passages, const std::u32string& word) {
  std::set<Passage> found;
  for (const auto& p : passages) {
    auto words = runs(p.text, word_letter);
    if (std::find(words.begin(), words.end(), word) != words.end()) found.insert(p);
  }
  return found;
}

std::set<Passage> searched(const Store& store, const std::string& text) {
  std::set<Passage> found;
  for (const auto& hit : store.search({text, "", std::nullopt, 1000})) {
    if (hit.kind == "transcript") found.insert({hit.video_id, hit.start, hit.text});
  }
  return found;
}

}  // namespace

TEST_CASE("in real Chinese, Japanese and English captions, a search finds exactly the passages that hold the words") {
  ytm::test::TempDir dir;
  const auto database = dir / "ytmonitor.db";
  Store store(database);
  for (const auto& track : tracks) store_track(store, track);
  const auto passages = stored_passages(database);
  REQUIRE(passages.size() > 20);

  // Each video's own runs of Chinese or Japanese letters, so the short Japanese track is sampled
  // as often as the long Chinese one.
  std::map<std::string, std::vector<std::u32string>> cjk_runs;
  std::vector<std::u32string> words;
  for (const auto& p : passages) {
    for (auto& r : runs(p.text, cjk_letter)) {
      if (r.size() >= 2) cjk_runs[p.video_id].push_back(std::move(r));
    }
    for (auto& w : runs(p.text, word_letter)) {
      if (std::all_of(w.begin(), w.end(), [](char32_t c) { return c < 0x80 && std::isalpha(static_cast<int>(c)); })) {
        words.push_back(std::move(w));
      }
    }
  }
  REQUIRE(cjk_runs.size() == 2);
  REQUIRE(words.size() > 100);

  std::mt19937 rng(20261202);
  int checked = 0;
  for (int round = 0; round < 200; ++round) {
    const auto& video = std::next(cjk_runs.begin(), static_cast<long>(round % 2))->second;
    const auto& run = video[rng() % video.size()];
    const std::size_t length = 2 + rng() % std::min<std::size_t>(2, run.size() - 1);
    const auto stretch = run.substr(rng() % (run.size() - length + 1), length);
    INFO("Chinese or Japanese: " << utf8(stretch));
    const auto expected = read_for_cjk(passages, stretch);
    REQUIRE(!expected.empty());
    CHECK(searched(store, utf8(stretch)) == expected);
    ++checked;
  }
  for (int round = 0; round < 200; ++round) {
    const auto& word = words[rng() % words.size()];
    INFO("English: " << utf8(word));
    CHECK(searched(store, utf8(word)) == read_for_word(passages, word));
    ++checked;
  }
  CHECK(checked == 400);  // every round of both ran: none stopped at a stretch the passages do not hold
}
