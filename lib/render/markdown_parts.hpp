#pragma once
// Sections of render_markdown that live in their own files.
#include <string>

#include "pipeline/result.hpp"
#include "render/labels.hpp"

namespace ytm::render {

// "## 📝 …" and one "### (start - end) title" per chapter with the paragraphs that start in it.
std::string translation_section(const pipeline::VideoResult& result, const Labels& labels);

}  // namespace ytm::render
