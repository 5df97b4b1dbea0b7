#include "pipeline/sponsor_report.hpp"

#include <nlohmann/json.hpp>

namespace ytm::pipeline {

namespace {

const char* stored_text(SponsorState state) {
  switch (state) {
    case SponsorState::used: return "used";
    case SponsorState::unavailable: return "unavailable";
    case SponsorState::not_asked: break;
  }
  return "";
}

SponsorState stored_state(const std::string& text) {
  if (text == "used") return SponsorState::used;
  if (text == "unavailable") return SponsorState::unavailable;
  return SponsorState::not_asked;
}

}  // namespace

void to_json(nlohmann::json& j, const SponsorSegment& s) {
  j = nlohmann::json{{"start", s.start}, {"end", s.end}, {"category", s.category}};
}

void from_json(const nlohmann::json& j, SponsorSegment& s) {
  s.start = j.value("start", 0.0);
  s.end = j.value("end", 0.0);
  s.category = j.value("category", std::string());
}

void to_json(nlohmann::json& j, const SponsorReport& r) {
  j = nlohmann::json{{"state", stored_text(r.state)},
                     {"action", config::to_string(r.action)},
                     {"problem", r.problem},
                     {"segments", r.segments},
                     {"tokens_saved", r.tokens_saved}};
}

void from_json(const nlohmann::json& j, SponsorReport& r) {
  r.state = stored_state(j.value("state", std::string()));
  r.action = j.value("action", std::string()) == "mark" ? config::SponsorAction::mark : config::SponsorAction::skip;
  r.problem = j.value("problem", std::string());
  r.segments = j.value("segments", std::vector<SponsorSegment>{});
  r.tokens_saved = j.value("tokens_saved", 0);
}

}  // namespace ytm::pipeline
