#include "generated_captions.hpp"

#include <cstdio>

namespace ytm::test {
namespace {

const char* const vocabulary[] = {
    "the",    "model",     "compute",  "energy",    "factory", "token",    "robot",    "chip",    "cost",    "year",
    "people", "industry",  "research", "open",      "source",  "software", "data",     "center",  "problem", "future",
    "growth", "reasoning", "training", "inference", "biology", "protein",  "language", "we",      "they",    "you",
    "think",  "know",      "build",    "need",      "want",    "make",     "is",       "are",     "was",     "will",
    "can",    "because",   "and",      "but",       "so",      "that",     "this",     "in",      "of",      "for",
    "with",   "on",        "about",    "AT&T",      "it's",    "don't",    "really",   "actually"};
constexpr std::uint32_t vocabulary_size = sizeof(vocabulary) / sizeof(vocabulary[0]);

std::string clock(int ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d:%02d.%03d", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
  return buffer;
}

std::string vtt_escape(const std::string& word) {
  std::string out;
  for (char c : word) out += c == '&' ? std::string("&amp;") : std::string(1, c);
  return out;
}

struct Line {
  int start_ms;
  int end_ms;
  std::vector<std::pair<int, std::string>> words;  // offset from start, word
};

}  // namespace

GeneratedCaptions generate_automatic_captions(int minutes, std::uint32_t seed) {
  std::uint32_t state = seed * 2654435761u + 1;
  auto next = [&](std::uint32_t bound) {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) % bound;
  };
  GeneratedCaptions out;
  std::vector<Line> lines;
  int t = 0;
  const int total_ms = minutes * 60000;
  while (t < total_ms) {
    Line line{t, 0, {}};
    int count = 4 + static_cast<int>(next(5));
    int offset = 0;
    for (int i = 0; i < count; ++i) {
      std::string word = vocabulary[next(vocabulary_size)];
      out.words.push_back(word);
      line.words.emplace_back(offset, word);
      offset += 300 + static_cast<int>(next(200));
    }
    line.end_ms = t + offset;
    lines.push_back(line);
    t = line.end_ms + (next(20) == 0 ? 2500 : 10);  // now and then a pause
  }

  std::string& vtt = out.vtt;
  vtt = "WEBVTT\nKind: captions\nLanguage: en\n\n";
  std::string previous = " ";
  for (const auto& line : lines) {
    vtt += clock(line.start_ms) + " --> " + clock(line.end_ms - 10) + " align:start position:0%\n" + previous + "\n";
    std::string plain;
    for (std::size_t i = 0; i < line.words.size(); ++i) {
      auto word = vtt_escape(line.words[i].second);
      if (i == 0) {
        vtt += word;
      } else {
        vtt += "<" + clock(line.start_ms + line.words[i].first) + "><c> " + word + "</c>";
      }
      plain += (i ? " " : "") + word;
    }
    vtt += "\n\n" + clock(line.end_ms - 10) + " --> " + clock(line.end_ms) + " align:start position:0%\n" + plain +
           "\n \n\n";
    previous = plain;
  }

  std::string& json = out.json3;
  json = "{\"wireMagic\":\"pb3\",\"events\":[{\"tStartMs\":0,\"dDurationMs\":" + std::to_string(total_ms) +
         ",\"id\":1,\"wpWinPosId\":1,\"wsWinStyleId\":1}";
  for (const auto& line : lines) {
    json += ",{\"tStartMs\":" + std::to_string(line.start_ms) +
            ",\"dDurationMs\":" + std::to_string(line.end_ms - line.start_ms + 2000) + ",\"wWinId\":1,\"segs\":[";
    for (std::size_t i = 0; i < line.words.size(); ++i) {
      if (i) json += ",";
      json += "{\"utf8\":\"" + std::string(i ? " " : "") + line.words[i].second + "\"";
      if (i) json += ",\"tOffsetMs\":" + std::to_string(line.words[i].first);
      json += ",\"acAsrConf\":0}";
    }
    json += "]},{\"tStartMs\":" + std::to_string(line.end_ms) + ",\"dDurationMs\":2000,\"wWinId\":1,\"aAppend\":1," +
            "\"segs\":[{\"utf8\":\"\\n\"}]}";
  }
  json += "]}";
  return out;
}

}  // namespace ytm::test
