#pragma once
// A channel's own words for the model (its profile's instructions and glossary), added after our
// system prompt: they add to its rules and never replace the output format. Being part of the
// system prompt, they are part of every step's prompt version, so a changed instruction never
// reuses a checkpoint made without it.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/prompts.hpp"

namespace ytm::pipeline {

std::shared_ptr<const Prompts> with_channel_text(std::shared_ptr<const Prompts> prompts,
                                                 const std::string& instructions,
                                                 const std::vector<std::pair<std::string, std::string>>& glossary);

}  // namespace ytm::pipeline
