#pragma once
// What SponsorBlock did for a video's document: filled in by the job (lib/sponsorblock) before the
// result is saved, shown by render (notes in the translation, the footer, the credit).
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "config/config.hpp"

namespace ytm::pipeline {

struct SponsorSegment {
  double start = 0;  // seconds
  double end = 0;
  std::string category;  // "sponsor", "selfpromo", …
};

// not_asked: the channel wants no categories; stored as "", "used" and "unavailable".
enum class SponsorState { not_asked, used, unavailable };

struct SponsorReport {
  SponsorState state = SponsorState::not_asked;
  config::SponsorAction action = config::SponsorAction::skip;  // skip: left out of the model's work
  std::string problem;  // why it was unavailable: "timeout", "HTTP 503", …
  std::vector<SponsorSegment> segments;
  int tokens_saved = 0;  // transcript tokens left out of every request that would have held them
};

void to_json(nlohmann::json& j, const SponsorSegment& s);
void from_json(const nlohmann::json& j, SponsorSegment& s);
void to_json(nlohmann::json& j, const SponsorReport& r);
void from_json(const nlohmann::json& j, SponsorReport& r);

}  // namespace ytm::pipeline
