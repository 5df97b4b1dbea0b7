#pragma once
// ytmonitor.base at the top of output_dir: an Obsidian Bases file (YAML) that shows every document
// as a table with its channel, date, duration and language, newest first. Written when missing
// (and front matter is on, which the columns come from); the user may change it, or delete it to
// get ours back.
#include <string>
#include <string_view>

#include "core/failure.hpp"
#include "render/labels.hpp"

namespace ytm::render {

class OutputDir;

inline constexpr std::string_view base_file = "ytmonitor.base";

std::string obsidian_base(const Labels& labels);
Status write_base_if_missing(const OutputDir& dir, std::string_view language);

}  // namespace ytm::render
