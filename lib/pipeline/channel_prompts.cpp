#include "pipeline/channel_prompts.hpp"

#include "core/text.hpp"

namespace ytm::pipeline {

std::shared_ptr<const Prompts> with_channel_text(std::shared_ptr<const Prompts> prompts,
                                                 const std::string& instructions,
                                                 const std::vector<std::pair<std::string, std::string>>& glossary) {
  if (trim(instructions).empty() && glossary.empty()) return prompts;
  auto own = std::make_shared<Prompts>(*prompts);
  std::string& system = own->files.at("system.md");
  while (!system.empty() && is_ascii_space(system.back())) system.pop_back();
  if (!trim(instructions).empty()) {
    system +=
        "\n\nThe reader adds these instructions for this channel. Follow them as far as they go with the rules "
        "above; the requested output format always stays as it is.\n<reader_instructions>\n" +
        std::string(trim(instructions)) + "\n</reader_instructions>";
  }
  if (!glossary.empty()) {
    system += "\n\nThis channel's glossary: write each term on the left as given on the right, every time it occurs.";
    for (const auto& [term, rendering] : glossary) system += "\n- " + term + " → " + rendering;
  }
  system += "\n";
  return own;
}

}  // namespace ytm::pipeline
