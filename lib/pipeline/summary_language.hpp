#pragma once
// The summary's fields a reader reads (the intro, tldr, chapter titles and summaries, arguments,
// people, companies, quote translations) in the output language, by the rule paragraphs are held to
// (stages/language.hpp): a field in the other Chinese script is converted; fields in another
// language are asked for once more, naming them; what is still in another language is kept and
// counted. Internal to the pipeline.
#include <boost/asio/awaitable.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/notes_summary.hpp"
#include "pipeline/stages/language.hpp"

namespace ytm::pipeline {

struct SummaryLanguage {
  nlohmann::json summary;          // its fields in the other script converted
  int converted = 0;               // fields converted
  std::vector<std::string> wrong;  // fields in another language: "tldr", "chapters[2].title"
  std::string language;            // the language of the first of them: "en"
};
SummaryLanguage check_summary_language(nlohmann::json summary, const LanguageFacts& facts);

// The count names: "summary fields converted to Simplified Chinese", "summary fields left in English".
std::string summary_converted_name(std::string_view target_language);
std::string summary_left_in_name(std::string_view language);

// A summary step's result with its fields in the output language: checked, asked once more (step
// "summary/language", a repair request naming the fields) when some are in another language,
// converted, counted in its passes. `request` is the summary's own.
boost::asio::awaitable<JsonDone> summary_in_language(VideoRef video, StopRef stop, JsonDone summary,
                                                     model::Request request);

}  // namespace ytm::pipeline
