// Parse and clean a 3-hour automatic-caption track, as WebVTT (rolling repeats, inline word
// timings) and as json3. Prints the median and best of several runs per format; target: under
// 20 ms each. Usage: bench_transcript_parse [minutes] [runs]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "generated_captions.hpp"
#include "transcript/parse.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Timing {
  double total_ms = 0;
  double read_ms = 0;  // the format's reader alone; the rest is the shared clean-up
};

Timing measure(const std::string& content, ytm::transcript::CaptionFormat format, std::size_t& segments) {
  using ytm::transcript::CaptionFormat;
  auto begin = Clock::now();
  auto cues = format == CaptionFormat::vtt ? ytm::transcript::read_vtt(content) : ytm::transcript::read_json3(content);
  auto read = Clock::now();
  if (!cues) {
    std::fprintf(stderr, "parse failed: %s\n", cues.failure().message.c_str());
    std::exit(1);
  }
  auto parsed = ytm::transcript::clean_cues(std::move(*cues));
  auto end = Clock::now();
  segments = parsed.size();
  return {std::chrono::duration<double, std::milli>(end - begin).count(),
          std::chrono::duration<double, std::milli>(read - begin).count()};
}

}  // namespace

int main(int argc, char** argv) {
  int minutes = argc > 1 ? std::atoi(argv[1]) : 180;
  int runs = argc > 2 ? std::atoi(argv[2]) : 15;
  auto generated = ytm::test::generate_automatic_captions(minutes);
  std::printf("track: %d minutes, %zu words; vtt %.2f MB, json3 %.2f MB\n", minutes, generated.words.size(),
              generated.vtt.size() / 1e6, generated.json3.size() / 1e6);
  for (auto format : {ytm::transcript::CaptionFormat::vtt, ytm::transcript::CaptionFormat::json3}) {
    const auto& content = format == ytm::transcript::CaptionFormat::vtt ? generated.vtt : generated.json3;
    std::vector<double> times;
    std::vector<double> reads;
    std::size_t segments = 0;
    measure(content, format, segments);  // warm-up
    for (int i = 0; i < runs; ++i) {
      auto t = measure(content, format, segments);
      times.push_back(t.total_ms);
      reads.push_back(t.read_ms);
    }
    std::sort(times.begin(), times.end());
    std::sort(reads.begin(), reads.end());
    std::printf(
        "%-6s parse+clean: median %.1f ms (reading %.1f), best %.1f ms, worst %.1f ms (%d runs) -> %zu segments\n",
        ytm::transcript::to_string(format), times[times.size() / 2], reads[reads.size() / 2], times.front(),
        times.back(), runs, segments);
  }
}
