// Full-text search over a large store: N stored 1-hour videos (default 5,000), each with a
// transcript of about 9,000 English words (Zipf-distributed vocabulary of 30,000 made-up words)
// and a Chinese translation of about 10,000 characters, saved as the job saves them (the index
// follows each result in its transaction). Then times queries, warm, and reports the index size.
// Aim: a query at most 50 ms. Usage: bench_search [videos] [database file]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "render/snippet.hpp"
#include "store/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

struct Vocabulary {
  std::vector<std::string> words;
  std::vector<std::string> hanzi;
  std::discrete_distribution<std::size_t> word_pick, hanzi_pick;

  Vocabulary() {
    static const char* syllables[] = {"ka", "ro", "mi",  "ten", "sol", "ver", "an", "dre", "qui", "lo", "pa",  "nor",
                                      "es", "ti", "gra", "ul",  "be",  "zon", "fi", "ma",  "cor", "de", "lux", "ion"};
    std::vector<double> weights;
    for (int i = 0; i < 30000; ++i) {
      std::string w;  // i in base 24, a syllable per digit: every word different
      for (int n = i + 1; n > 0; n /= 24) w += syllables[n % 24];
      words.push_back(w);
      weights.push_back(1.0 / (i + 1));  // Zipf: a few words are everywhere, most are rare
    }
    word_pick = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
    weights.clear();
    for (char32_t c = 0x4E00; c < 0x4E00 + 3000; ++c) {
      std::string u8;
      u8 += static_cast<char>(0xE0 | (c >> 12));
      u8 += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      u8 += static_cast<char>(0x80 | (c & 0x3F));
      hanzi.push_back(u8);
      weights.push_back(1.0 / std::sqrt(static_cast<double>(c - 0x4E00 + 1)));
    }
    hanzi_pick = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
  }
};

std::string transcript_json(Vocabulary& v, std::mt19937& rng) {
  std::string out = R"({"metadata":{},"transcript":{"segments":[)";
  for (int line = 0; line < 900; ++line) {  // a line every 4 s, 10 words each
    std::string text;
    for (int w = 0; w < 10; ++w) text += (w ? " " : "") + v.words[v.word_pick(rng)];
    out += (line ? "," : "") + std::string(R"({"start":)") + std::to_string(line * 4) + R"(,"end":)" +
           std::to_string(line * 4 + 4) + R"(,"text":")" + text + "\"}";
  }
  return out + "]}}";
}

std::string result_json(Vocabulary& v, std::mt19937& rng, const std::string& tldr) {
  std::string out = R"({"summary":{"tldr":")" + tldr + R"("},"translation":[)";
  for (int p = 0; p < 100; ++p) {  // a paragraph every 36 s, 100 characters each
    std::string text;
    for (int c = 0; c < 100; ++c) text += v.hanzi[v.hanzi_pick(rng)];
    out += (p ? "," : "") + std::string(R"({"start":)") + std::to_string(p * 36) + R"(,"text":")" + text + "\"}";
  }
  return out + "]}";
}

void fill(ytm::store::Store& store, int videos) {
  std::mt19937 rng(42);
  Vocabulary v;
  auto started = Clock::now();
  // A hundred videos per transaction: the daemon commits one result at a time, but filling 5,000
  // that way takes an hour on a busy machine; the index that results is the same.
  std::optional<ytm::store::Store::Batch> batch;
  for (int i = 0; i < videos; ++i) {
    if (i % 100 == 0) {
      if (batch) batch->commit();
      batch.reset();
      batch.emplace(store);
    }
    auto id = "video" + std::to_string(100000 + i);
    auto channel = "UCchannel" + std::to_string(i % 50);
    store.ensure_channel(channel, "Channel " + std::to_string(i % 50), channel, 1);
    ytm::store::NewVideo nv;
    nv.id = id;
    nv.channel_id = channel;
    nv.title = "Talk number " + std::to_string(i);
    nv.published_at = 1'700'000'000 + i * 3600;
    nv.state = ytm::store::VideoState::done;
    store.insert_video(nv, 1);
    store.save_step({id, "transcript", "h", "", "", transcript_json(v, rng), 0, 0, 0, 1});
    auto tldr = i == videos / 2 ? std::string("the needle of all summaries") : "talk " + std::to_string(i);
    store.save_step({id, "result", "h", "", "", result_json(v, rng, tldr), 0, 0, 0, 1});
    if ((i + 1) % 500 == 0) std::fprintf(stderr, "  %d videos stored (%.0f s)\n", i + 1, ms_since(started) / 1000);
  }
  if (batch) batch->commit();
  std::printf("stored %d videos in %.1f s (%.1f ms per video, indexing included; 100 videos per transaction)\n", videos,
              ms_since(started) / 1000, ms_since(started) / videos);
}

// Warm: each query 15 times; the snippet of every hit is made as `ytmonitor search` makes it.
void time_query(const ytm::store::Store& store, const char* label, const ytm::store::SearchQuery& q) {
  std::vector<double> runs;
  std::size_t hits = 0;
  auto terms = ytm::store::search_terms(q.text);
  for (int i = 0; i < 15; ++i) {
    auto t = Clock::now();
    auto found = store.search(q);
    for (const auto& h : found) ytm::render::make_snippet(h.text, terms);
    hits = found.size();
    runs.push_back(ms_since(t));
  }
  std::sort(runs.begin(), runs.end());
  std::printf("%-44s %3zu hits  median %7.2f ms  max %7.2f ms  min %7.2f ms\n", label, hits, runs[runs.size() / 2],
              runs.back(), runs.front());
}

ytm::store::SearchQuery query(std::string text, std::string channel = "", std::optional<ytm::UnixTime> since = {}) {
  return {std::move(text), std::move(channel), since, 20};
}

}  // namespace

int main(int argc, char** argv) {
  int videos = argc > 1 ? std::atoi(argv[1]) : 5000;
  std::filesystem::path file = argc > 2 ? argv[2] : "bench_search.db";
  bool fresh = !std::filesystem::exists(file);
  ytm::store::Store store(file);
  if (fresh) fill(store, videos);
  auto size = store.search_index_size();
  std::printf(
      "passages %lld, text %.1f MB, word index %.1f MB, trigram index %.1f MB, passages table %.1f MB, database "
      "file %.1f MB\n",
      static_cast<long long>(size.passages), size.text_bytes / 1e6, size.word_index_bytes / 1e6, size.index_bytes / 1e6,
      size.passage_bytes / 1e6, static_cast<double>(std::filesystem::file_size(file)) / 1e6);
  Vocabulary v;
  time_query(store, "rare word (rank 20000)", query(v.words[20000]));
  time_query(store, "mid word (rank 2000)", query(v.words[2000]));
  time_query(store, "common word (rank 10)", query(v.words[10]));
  time_query(store, "two words (ranks 500, 800)", query(v.words[500] + " " + v.words[800]));
  time_query(store, "phrase in one summary", query("\"needle of all summaries\""));
  time_query(store, "Chinese, 3 characters", query(v.hanzi[5] + v.hanzi[40] + v.hanzi[7]));
  time_query(store, "Chinese, 4 characters", query(v.hanzi[100] + v.hanzi[3] + v.hanzi[250] + v.hanzi[9]));
  time_query(store, "mid word, one channel", query(v.words[2000], "Channel 7"));
  time_query(store, "common word, one channel", query(v.words[10], "Channel 7"));
  const ytm::UnixTime last_fifth = 1'700'000'000 + videos * 4 / 5 * 3600;
  time_query(store, "mid word, since a date (newest fifth)", query(v.words[2000], "", last_fifth));
  time_query(store, "common word, since a date (newest fifth)", query(v.words[10], "", last_fifth));
  const ytm::UnixTime last_fiftieth = 1'700'000'000 + videos * 49 / 50 * 3600;
  time_query(store, "common word, since a date (newest 2 %)", query(v.words[10], "", last_fiftieth));
  time_query(store, "2 characters (scan, no index)", query(v.hanzi[5] + v.hanzi[40]));
  time_query(store, "piece of a mid word (substring index)", query(v.words[2000].substr(1, 6)));
  time_query(store, "prefix of a mid word (word*)", query(v.words[2000].substr(0, 5) + "*"));
  time_query(store, "the most common word (2 letters)", query(v.words[0]));
  time_query(store, "no such word", query("zzzzqqq"));
  return 0;
}
