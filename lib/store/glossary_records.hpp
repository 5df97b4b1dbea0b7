#pragma once
// What the store keeps of the renderings the model chose for a channel's names and terms: proposals
// the owner may adopt into the channel's glossary (`ytmonitor glossary CHANNEL`).
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"

namespace ytm::store {

// A term and its rendering in the output language, as a video's notes said.
using TermRenderings = std::vector<std::pair<std::string, std::string>>;

struct ProposedRendering {
  std::string rendering;
  int videos = 0;
};

struct ProposedTerm {
  std::string term;
  std::vector<ProposedRendering> renderings;  // the most videos first
  int videos = 0;                             // the videos that rendered the term
  UnixTime last_seen = 0;
};

}  // namespace ytm::store
