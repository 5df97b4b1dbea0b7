#pragma once
// The files a test shares with a running daemon: what it is told to watch, what it wrote.
#include <filesystem>
#include <string>
#include <vector>

namespace ytm::test {

// subscriptions.yaml in `folder`, one channel a line ("UC…", "{id: UC…, backfill: 2}"), written
// beside and renamed over as editors save, so the daemon's watch never reads half a file.
void write_subscriptions(const std::filesystem::path& folder, const std::vector<std::string>& channels);

// Every document under the output folder (*.md but index.md), sorted; none when it does not exist.
std::vector<std::filesystem::path> markdown_documents(const std::filesystem::path& output);

}  // namespace ytm::test
