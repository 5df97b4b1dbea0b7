#pragma once
// A fetched video (metadata + transcript) as JSON: the form the transcript checkpoint keeps.
#include <nlohmann/json_fwd.hpp>

#include "transcript/types.hpp"

namespace ytm::transcript {

nlohmann::json fetched_to_json(const FetchedVideo& video);
FetchedVideo fetched_from_json(const nlohmann::json& j);

}  // namespace ytm::transcript
