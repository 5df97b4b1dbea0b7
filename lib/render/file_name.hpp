#pragma once
// Where a video's document goes below output_dir, from the output.filename template
// ("{channel}/{date} {title}.md"; also {channel_id}, {id}, {language}). Every component is a
// name that Windows, Android, Obsidian and sync tools accept: no <>:"/\|?*#^[] or control
// characters, no reserved device name, no leading or trailing dot or space, at most 200 bytes
// cut on a character boundary. Placeholder values cannot add folders or climb out ("../").
#include <string>
#include <string_view>

#include "pipeline/result.hpp"

namespace ytm::render {

inline constexpr std::size_t max_component_bytes = 200;

// A relative path with '/' between components, ending in ".md". suffix goes just before the
// extension (" (ytmonitor)", " (VIDEO_ID)") and is never cut off by the length limit.
std::string document_path(std::string_view filename_template, const pipeline::VideoResult& result,
                          std::string_view language, std::string_view suffix = "");

// One component made safe; empty input gives "_".
std::string safe_component(std::string_view name);

}  // namespace ytm::render
