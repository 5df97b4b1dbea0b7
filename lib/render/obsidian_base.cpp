#include "render/obsidian_base.hpp"

#include "render/output_dir.hpp"
#include "render/escape.hpp"

namespace ytm::render {

// Property ids as Bases writes them (note.<front matter key>); see
// https://help.obsidian.md/bases/syntax. A document is recognised by its video_id.
std::string obsidian_base(const Labels& l) {
  std::string out =
      "# Made by ytmonitor: every video document, newest first. Edit freely; delete the file\n"
      "# to get this version back.\n";
  out += "filters:\n  and:\n    - file.hasProperty(\"video_id\")\n    - file.ext == \"md\"\n";
  out += "properties:\n";
  out += "  note.author:\n    displayName: " + yaml_string(l.channel) + "\n";
  out += "  note.published:\n    displayName: " + yaml_string(l.published) + "\n";
  out += "  note.duration:\n    displayName: " + yaml_string(l.duration) + "\n";
  out += "  note.language:\n    displayName: " + yaml_string(l.spoken_language) + "\n";
  out += "views:\n  - type: table\n    name: " + yaml_string(l.base_view) + "\n";
  out +=
      "    order:\n      - file.name\n      - note.author\n      - note.published\n      - note.duration\n"
      "      - note.language\n";
  out += "    sort:\n      - property: note.published\n        direction: DESC\n";
  return out;
}

Status write_base_if_missing(const OutputDir& dir, std::string_view language) {
  auto existing = dir.read(base_file);
  if (!existing) return existing.failure();
  if (existing->has_value()) return success();
  return dir.write(base_file, obsidian_base(labels_for(language)));
}

}  // namespace ytm::render
