#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "pipeline/result.hpp"

namespace ytm::pipeline {

namespace {

constexpr std::array<std::pair<Untranslated, std::string_view>, 5> untranslated_codes{{
    {Untranslated::none, ""},
    {Untranslated::incomplete, "incomplete"},
    {Untranslated::refused, "refused"},
    {Untranslated::cut_off, "cut_off"},
    {Untranslated::wrong_language, "wrong_language"},
}};

}  // namespace

std::string_view untranslated_code(Untranslated why) {
  for (const auto& [value, code] : untranslated_codes) {
    if (value == why) return code;
  }
  return "incomplete";
}

Untranslated untranslated_from_code(std::string_view code) {
  for (const auto& [value, name] : untranslated_codes) {
    if (name == code) return value;
  }
  return Untranslated::incomplete;
}

void to_json(nlohmann::json& j, const Untranslated& why) { j = untranslated_code(why); }
void from_json(const nlohmann::json& j, Untranslated& why) {
  why = j.is_string() ? untranslated_from_code(j.get_ref<const std::string&>()) : Untranslated::none;
}

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(VideoInfo, id, title, channel, channel_id, url, published, duration,
                                                language, description, tags)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Chapter, start, end, title, summary)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Argument, title, content, key_concepts, practical_meaning)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Company, name, context, importance, grounded)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Quote, text, translation, speaker, timestamp)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Person, name, identity, background, views, grounded)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Summary, intro, tldr, chapters, arguments, companies, quotes, people,
                                                video_type)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Paragraph, start, end, speaker, text, untranslated)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Grounding, quotes_kept, quotes_dropped, chapters_fixed, names_flagged)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Coverage, untranslated_passages, untranslated_seconds, dropped_lines,
                                                dropped_labels, gap_calls)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PassNote, name, count, why)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SpeakerNote, label, source)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Usage, input_tokens, output_tokens, cost_usd, calls, list_cost_usd,
                                                batched_calls)

void to_json(nlohmann::json& j, const VideoResult& r) {
  j = nlohmann::json{{"video", r.video},
                     {"summary", r.summary},
                     {"translation", r.translation},
                     {"output_language", r.output_language},
                     {"model", r.model},
                     {"generated", r.generated},
                     {"grounding", r.grounding},
                     {"coverage", r.coverage},
                     {"passes", r.passes},
                     {"usage", r.usage},
                     {"sponsorblock", r.sponsorblock},
                     {"sections", r.sections},
                     {"terms", r.terms},
                     {"speakers", r.speakers}};
}

void from_json(const nlohmann::json& j, VideoResult& r) {
  VideoResult d;
  r.video = j.value("video", d.video);
  r.summary = j.value("summary", d.summary);
  r.translation = j.value("translation", d.translation);
  r.output_language = j.value("output_language", d.output_language);
  r.model = j.value("model", d.model);
  r.generated = j.value("generated", d.generated);
  r.grounding = j.value("grounding", d.grounding);
  r.coverage = j.value("coverage", d.coverage);
  r.passes = j.value("passes", d.passes);
  r.usage = j.value("usage", d.usage);
  r.sponsorblock = j.value("sponsorblock", d.sponsorblock);
  r.sections = j.value("sections", d.sections);
  r.terms = j.value("terms", d.terms);
  r.speakers = j.value("speakers", d.speakers);
}

}  // namespace ytm::pipeline
