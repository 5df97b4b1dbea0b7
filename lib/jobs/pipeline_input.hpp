#pragma once
#include <string>

#include "pipeline/input.hpp"
#include "transcript/types.hpp"

namespace ytm::jobs {

// What yt-dlp told us about a video, in the pipeline's terms.
pipeline::PipelineInput pipeline_input(const transcript::FetchedVideo& fetched, const std::string& output_language);

}  // namespace ytm::jobs
