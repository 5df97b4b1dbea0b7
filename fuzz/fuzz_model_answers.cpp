// What a model answers, through the pipeline's readers: the JSON answer (notes and summary
// schemas), a translation with its notes block, and the translation's paragraphs.
#include <cstdint>
#include <optional>
#include <string_view>

#include "pipeline/prompts.hpp"
#include "pipeline/stages/align.hpp"
#include "pipeline/stages/clean_answer.hpp"
#include "pipeline/summary.hpp"

namespace {

const ytm::pipeline::Prompts& prompts() {
  static const auto loaded = ytm::pipeline::load_prompts({});
  return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ytm::pipeline;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto notes = read_json_answer(text, std::nullopt, prompts().notes_schema);
  auto summary = read_json_answer(text, std::nullopt, prompts().summary_schema);
  if (summary.value) (void)summary_from_json(*summary.value);
  auto split = split_notes_block(text);
  Chunk chunk;
  chunk.start = 60;
  chunk.end = 420;
  (void)parse_translation(split.translation, chunk);
  if (split.notes) (void)read_json_answer(*split.notes, std::nullopt, prompts().notes_schema);
  return 0;
}
