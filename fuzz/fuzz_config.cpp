// config.yaml and the subscription list as a user may save them. The input is written as both
// files, so each seed exercises both readers (the other's keys are unknown-key errors).
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/loader.hpp"

namespace {

std::filesystem::path folder() {
  static const std::filesystem::path made = [] {
    // Memory, not disk: an open() waiting on a busy disk must not count as a slow input.
    const std::filesystem::path base =
        std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    std::string pattern = (base / "ytm-fuzz-config-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    static std::string made_path = pattern;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(made_path, ec);
    });
    return std::filesystem::path(pattern);
  }();
  return made;
}

void write(const std::filesystem::path& file, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  write(folder() / "config.yaml", data, size);
  write(folder() / "subscriptions.yaml", data, size);
  auto loaded = ytm::config::load(folder() / "config.yaml");
  for (const auto& e : loaded.errors) (void)e.to_string();
  return 0;
}
