#include "pipeline/summary_language.hpp"

#include <spdlog/spdlog.h>

#include "language/chinese_script.hpp"
#include "language/identify.hpp"
#include "pipeline/json_answer.hpp"
#include "pipeline/stages/clean_answer.hpp"
#include "pipeline/stages/request.hpp"
#include "pipeline/step_cache.hpp"

namespace ytm::pipeline {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

// A field a reader reads: top-level (list empty) or in each item of a list.
struct Field {
  std::string_view list;
  std::string_view key;
};
constexpr Field reader_fields[] = {{"", "intro"},
                                   {"", "tldr"},
                                   {"chapters", "title"},
                                   {"chapters", "summary"},
                                   {"arguments", "title"},
                                   {"arguments", "content"},
                                   {"arguments", "practical_meaning"},
                                   {"people", "identity"},
                                   {"people", "background"},
                                   {"people", "views"},
                                   {"companies", "context"},
                                   {"quotes", "translation"}};

constexpr std::string_view language_step = "summary/language";

void check_field(json& holder, std::string_view key, const std::string& path, const LanguageFacts& facts,
                 SummaryLanguage& out) {
  if (!holder.is_object()) return;
  const auto it = holder.find(key);
  if (it == holder.end() || !it->is_string()) return;
  const std::string text = it->get<std::string>();
  const TextLanguage judged = judge_language(text, facts);
  if (judged.other_script) {
    std::string converted = language::convert_to_script(text, facts.target_language);
    if (converted != text) {
      *it = std::move(converted);
      ++out.converted;
    }
  }
  if (!judged.wrong_language) return;
  if (out.wrong.empty()) out.language = judged.language;
  out.wrong.push_back(path);
}

std::string wrong_fields_error(const SummaryLanguage& checked, std::string_view target) {
  std::string fields;
  for (const std::string& f : checked.wrong) fields += (fields.empty() ? "" : ", ") + f;
  return "these fields are in " + language::language_name(checked.language) + ", not in " + std::string(target) + ": " +
         fields + ". Write them in " + std::string(target) + " and keep everything else as it is";
}

// The re-asked summary, read as the summary is; value is nullopt when the call failed or its answer
// is not valid (the first one is kept then).
struct AskedAgain {
  std::optional<json> value;
  StepUsage usage;
};

asio::awaitable<AskedAgain> ask_again(VideoRef video, StopRef stop, model::Request request) {
  const std::string version = video->ctx.prompts.version(Task::summary);
  const std::string name(language_step);
  const std::string hash = request_hash(request, version, video->model_name);
  AskedAgain out;
  if (auto done = co_await reuse_step(video, name, hash)) {
    out.usage = done->usage;
    if (done->value.is_object()) out.value = std::move(done->value);
    co_return out;
  }
  const ModelCallSpec spec{video->id, name, request};
  Called called = co_await call_model(video->ctx, spec, stop);
  out.usage = called.usage;
  if (!called.reply) {
    spdlog::warn("{}: asking again failed ({}); the summary is kept as it is", video->label(name),
                 called.reply.failure().message);
    co_return out;
  }
  PassCounts cleaned;
  const json& schema = request.schema ? *request.schema : video->ctx.prompts.summary_schema;
  JsonAnswer answer =
      read_json_answer(clean_text(called.reply->text, cleaned), called.reply->structured, schema, {video->duration});
  log_fixes(video->label(name), answer.fixes);
  if (!answer.value) spdlog::warn("{}: {}; the summary is kept as it is", video->label(name), answer.error);
  // Saved either way (null for an invalid answer) so that a restart does not pay for it again.
  const json saved = answer.value ? *answer.value : json(nullptr);
  co_await finish_step(video, name, hash, version, saved, called.usage);
  out.value = std::move(answer.value);
  co_return out;
}

// The counts of what the check converted and could not fix.
void count(PassCounts& passes, const SummaryLanguage& checked, std::string_view target) {
  if (checked.converted > 0) passes[summary_converted_name(target)] += checked.converted;
  if (!checked.wrong.empty()) passes[summary_left_in_name(checked.language)] += static_cast<int>(checked.wrong.size());
}

}  // namespace

SummaryLanguage check_summary_language(json summary, const LanguageFacts& facts) {
  SummaryLanguage out;
  const bool same = language::base_language(facts.source_language) == language::base_language(facts.target_language);
  if (same || !summary.is_object()) {
    out.summary = std::move(summary);
    return out;
  }
  for (const Field& field : reader_fields) {
    if (field.list.empty()) {
      check_field(summary, field.key, std::string(field.key), facts, out);
      continue;
    }
    auto list = summary.find(field.list);
    if (list == summary.end() || !list->is_array()) continue;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string path = std::string(field.list) + "[" + std::to_string(i) + "]." + std::string(field.key);
      check_field((*list)[i], field.key, path, facts, out);
    }
  }
  out.summary = std::move(summary);
  return out;
}

std::string summary_converted_name(std::string_view target_language) {
  return "summary fields " + converted_name(target_language);
}

std::string summary_left_in_name(std::string_view language) { return "summary fields " + left_in_name(language); }

asio::awaitable<JsonDone> summary_in_language(VideoRef video, StopRef stop, JsonDone summary, model::Request request) {
  JsonDone out{std::move(summary.value), summary.usage, std::move(summary.passes)};
  if (!out.value) co_return out;
  const LanguageFacts facts{video->source_language, video->target_language};
  SummaryLanguage checked = check_summary_language(std::move(*out.value), facts);
  if (!checked.wrong.empty()) {
    const std::string error = wrong_fields_error(checked, video->target_language);
    spdlog::warn("{}: {}; asking once more", video->label(std::string(language_step)), error);
    const model::Request again = repair_request(*video, request, checked.summary.dump(), error);
    AskedAgain second = co_await ask_again(video, stop, again);
    out.usage.add(second.usage);
    if (second.value) {
      SummaryLanguage rechecked = check_summary_language(std::move(*second.value), facts);
      if (rechecked.wrong.size() < checked.wrong.size()) checked = std::move(rechecked);
    }
  }
  count(out.passes, checked, video->target_language);
  if (!checked.wrong.empty()) {
    spdlog::warn("{}: {} summary fields are still in {}; kept as they are", video->label("summary"),
                 checked.wrong.size(), language::language_name(checked.language));
  }
  out.value = std::move(checked.summary);
  co_return out;
}

}  // namespace ytm::pipeline
