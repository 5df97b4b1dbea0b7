#pragma once
// The transcript step's checkpoint: a fetched video (metadata + transcript) as JSON.
#include <nlohmann/json_fwd.hpp>

#include "transcript/types.hpp"

namespace ytm::service {

nlohmann::json fetched_to_json(const transcript::FetchedVideo& video);
transcript::FetchedVideo fetched_from_json(const nlohmann::json& j);

}  // namespace ytm::service
