#pragma once
// Sections of render_markdown that live in their own files.
#include <string>

#include "pipeline/result.hpp"
#include "render/labels.hpp"

namespace ytm::render {

// "## 📝 …" and one "### (start - end) title" per chapter with the paragraphs that start in it,
// each opening with its time as a link when paragraph_times is on; a passage kept as the original
// transcript is introduced by a note saying why.
std::string translation_section(const pipeline::VideoResult& result, const Labels& labels, bool paragraph_times);

}  // namespace ytm::render
