#include "support/daemon_files.hpp"

#include <algorithm>
#include <fstream>

namespace ytm::test {

void write_subscriptions(const std::filesystem::path& folder, const std::vector<std::string>& channels) {
  std::string text = channels.empty() ? "channels: []\n" : "channels:\n";
  for (const auto& line : channels) text += "  - " + line + "\n";
  const auto temporary = folder / "subscriptions.yaml.tmp";
  std::ofstream(temporary, std::ios::binary) << text;
  std::filesystem::rename(temporary, folder / "subscriptions.yaml");
}

std::vector<std::filesystem::path> markdown_documents(const std::filesystem::path& output) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::exists(output)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(output)) {
    if (e.is_regular_file() && e.path().extension() == ".md" && e.path().filename() != "index.md") {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ytm::test
