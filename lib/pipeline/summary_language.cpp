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
constexpr Field reader_fields[] = {
    {"", "intro"},          {"", "tldr"},          {"chapters", "title"},       {"chapters", "summary"},
    {"arguments", "title"}, {"arguments", "content"}, {"arguments", "practical_meaning"}, {"people", "identity"},
    {"people", "background"}, {"people", "views"},  {"companies", "context"},     {"quotes", "translation"}};

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
  return "these fields are in " + language::language_name(checked.language) + ", not in " + std::string(target) +
         ": " + fields + ". Write them in " + std::string(target) + " and keep everything else as it is";
}

// The re-asked summary, read as the summary is; nullopt when the call failed or its answer is not
// valid (the first one is kept then).
asio::awaitable<std::optional<json>> ask_again(VideoRef video, StopRef stop, model::Request request,
                                               StepUsage& usage) {
  const std::string version = video->ctx.prompts.version(Task::summary);
  const std::string name(language_step);
  const std::string hash = request_hash(request, version, video->model_name);
  if (auto done = co_await reuse_step(video, name, hash)) {
    usage.add(done->usage);
    co_return done->value.is_object() ? std::optional<json>(done->value) : std::nullopt;
  }
  const ModelCallSpec spec{video->id, name, request};
  Called called = co_await call_model(video->ctx, spec, stop);
  usage.add(called.usage);
  if (!called.reply) {
    spdlog::warn("{}: asking again failed ({}); the summary is kept as it is", video->label(name),
                 called.reply.failure().message);
    co_return std::nullopt;
  }
  PassCounts cleaned;
  JsonAnswer answer = read_json_answer(clean_text(called.reply->text, cleaned), called.reply->structured,
                                       *request.schema, {video->duration});
  log_fixes(video->label(name), answer.fixes);
  if (!answer.value) spdlog::warn("{}: {}; the summary is kept as it is", video->label(name), answer.error);
  // Saved either way (null for an invalid answer) so that a restart does not pay for it again.
  co_await finish_step(video, name, hash, version, answer.value ? *answer.value : json(nullptr), called.usage);
  co_return answer.value;
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
  if (!summary.value) co_return summary;
  const LanguageFacts facts{video->source_language, video->target_language};
  SummaryLanguage checked = check_summary_language(std::move(*summary.value), facts);
  if (!checked.wrong.empty() && request.schema) {
    const std::string error = wrong_fields_error(checked, video->target_language);
    spdlog::warn("{}: {}; asking once more", video->label(std::string(language_step)), error);
    const model::Request again = repair_request(*video, request, checked.summary.dump(), error);
    std::optional<json> second = co_await ask_again(video, stop, again, summary.usage);
    if (second) {
      SummaryLanguage rechecked = check_summary_language(std::move(*second), facts);
      if (rechecked.wrong.size() < checked.wrong.size()) checked = std::move(rechecked);
    }
  }
  if (checked.converted > 0) summary.passes[summary_converted_name(video->target_language)] += checked.converted;
  if (!checked.wrong.empty()) {
    spdlog::warn("{}: {} summary fields are still in {}; kept as they are", video->label("summary"),
                 checked.wrong.size(), language::language_name(checked.language));
    summary.passes[summary_left_in_name(checked.language)] += static_cast<int>(checked.wrong.size());
  }
  summary.value = std::move(checked.summary);
  co_return summary;
}

}  // namespace ytm::pipeline
