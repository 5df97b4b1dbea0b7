#pragma once
// One video's document: the layout of the reference example (docs/output-format.md), built
// from the stored result alone, so a document can be rebuilt at any time without the model.
#include <string>
#include <string_view>

#include "core/youtube.hpp"
#include "pipeline/result.hpp"

namespace ytm::render {

struct RenderOptions {
  std::string language;         // language of the headings; empty: the result's output_language
  bool front_matter = true;     // output.front_matter
  bool paragraph_times = true;  // output.paragraph_times
  bool wikilinks = false;       // output.wikilinks: people and companies as [[links]]
};

std::string render_markdown(const pipeline::VideoResult& result, const RenderOptions& options);

// The YAML block at the top, delimiters included.
std::string front_matter(const pipeline::VideoResult& result, std::string_view language);

// watch_url with &t=SECONDSs: a moment of the video.
std::string moment_url(std::string_view video_id, int seconds);
// "[1:02:03](moment_url)"
std::string moment_link(std::string_view video_id, int seconds);

}  // namespace ytm::render
